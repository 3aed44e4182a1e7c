/// A short page for what went wrong (unknown station or receipt, too many submissions, …).
public let messageTemplate = #"""
{{<layout}}
{{$title}}{{heading}} · 代表有约{{/title}}
{{$content}}
<section>
<h1>{{heading}}</h1>
<p>{{message}}</p>
{{#back}}<p><a href="{{back}}">返回</a></p>{{/back}}
</section>
{{/content}}
{{/layout}}
"""#
