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
{{#rating}}<section id="rating">
<h2>评价办理结果</h2>
<form id="rating-form" method="post" action="/r/{{receiptCode}}/rating">
<input type="hidden" name="csrf" value="{{csrf}}">
<label class="check"><input type="radio" name="satisfaction" value="satisfied"> 满意</label>
<label class="check"><input type="radio" name="satisfaction" value="basicallySatisfied"> 基本满意</label>
<label class="check"><input type="radio" name="satisfaction" value="unsatisfied"> 不满意</label>
<button type="submit" id="submit-rating">提交评价</button>
<p class="hint">每条意见只能评价一次，评价结果会在“办理结果测评”中公开（不显示您的任何信息）。</p>
</form>
</section>{{/rating}}
{{#rated}}<section id="rating"><p>您对办理结果的评价：<strong>{{rated}}</strong>。谢谢！</p></section>{{/rated}}
<section>
<h2>办理记录</h2>
<ul class="plain">
{{#timeline}}<li class="timeline-step"><time>{{at}}</time>{{note}}</li>
{{/timeline}}</ul>
</section>
{{/content}}
{{/layout}}
"""#
