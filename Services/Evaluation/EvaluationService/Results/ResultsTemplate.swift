/// `/results`: 办理结果网上评 — deputies' and the public's satisfaction, per suggestion and per unit.
let resultsTemplate = #"""
{{<layout}}
{{$title}}办理结果测评 · 代表有约{{/title}}
{{$content}}
<section>
<h1>代表建议办理结果测评</h1>
<p class="meta">代表测评为领衔代表对最近一次答复的测评；群众测评来自提出意见的群众（凭回执码，每条意见一次）。</p>
</section>
<section id="suggestions">
<h2>各件建议</h2>
<ul class="plain">
{{#suggestions}}<li class="result"><strong>{{title}}</strong><br>
<span class="meta">{{unitName}} · 答复 {{result}} 类{{#rehandled}} · 经重新办理{{/rehandled}}</span><br>
代表测评：<span class="tag">{{deputyRating}}</span>{{#escalated}} <span class="tag overdue">重新办理后仍不满意，已报主任会议督办</span>{{/escalated}}
 · 群众测评：满意 {{publicSatisfied}}，基本满意 {{publicBasic}}，不满意 {{publicUnsatisfied}}</li>
{{/suggestions}}{{^suggestions}}<li>暂无已答复的建议。</li>{{/suggestions}}
</ul>
</section>
<section id="units">
<h2>承办单位</h2>
<table>
<thead><tr><th>单位</th><th>代表：满意/基本满意/不满意</th><th>群众：满意/基本满意/不满意</th></tr></thead>
<tbody>
{{#units}}<tr><td>{{unitName}}</td><td>{{deputy}}</td><td>{{public}}</td></tr>
{{/units}}</tbody>
</table>
</section>
{{/content}}
{{/layout}}
"""#
