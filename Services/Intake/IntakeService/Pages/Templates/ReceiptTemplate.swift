/// `/r/{code}`: an opinion's status and timeline, personal data masked.
let receiptTemplate = #"""
{{<layout}}
{{$title}}回执 {{receiptCode}} · 代表有约{{/title}}
{{$content}}
<section>
<h1>办理进度</h1>
<p>回执码：<strong id="receipt-code" class="code">{{receiptCode}}</strong></p>
<p>当前状态：<span id="receipt-status">{{statusName}}</span></p>
<p class="meta">{{stationName}} · {{categoryName}} · 提交于 {{submittedAt}}</p>
</section>
{{#explanation}}<section id="explanation">
<h2>情况说明</h2>
<p>{{explanation}}</p>
</section>{{/explanation}}
<section>
<h2>您反映的内容</h2>
<p id="receipt-content">{{content}}</p>
</section>
<section>
<h2>办理记录</h2>
<ul class="plain">
{{#timeline}}<li class="timeline-step"><time>{{at}}</time>{{note}}</li>
{{/timeline}}</ul>
</section>
{{/content}}
{{/layout}}
"""#
