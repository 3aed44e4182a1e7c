/// `/r/{code}`: an opinion's story, personal data masked: a stepper of the main stages
/// (受理 → … → 办结) with the current one marked for screen readers and its steps unfolded,
/// the others' folded under them.
let receiptTemplate = #"""
{{<layout}}
{{$title}}回执 {{receiptCode}} · 代表有约{{/title}}
{{$head}}<style>
ol.stepper{list-style:none;padding:0;margin:0}
ol.stepper>li{position:relative;margin:0 0 0 1rem;padding:0 0 .9rem 1.4rem;border-left:3px solid #d0d7de}
ol.stepper>li:last-child{border-left-color:transparent}
ol.stepper>li.done{border-left-color:#1a7f37}
ol.stepper .dot{position:absolute;left:-1.05rem;top:0;width:1.8rem;height:1.8rem;border-radius:50%;background:#d0d7de;color:#1f2328;text-align:center;line-height:1.8rem;font-weight:600}
ol.stepper li.done .dot{background:#1a7f37;color:#fff}
ol.stepper li.current .dot{background:#b3261e;color:#fff}
ol.stepper summary{cursor:pointer;font-size:1.1rem;font-weight:600;min-height:1.8rem;padding-left:.2rem}
ol.stepper li.upcoming summary{color:#57606a;font-weight:400}
ol.stepper .state{font-size:.9rem;font-weight:400;color:#57606a;margin-left:.5rem}
ol.stepper li.current .state{color:#b3261e;font-weight:600}
ol.stepper .timeline-step{margin:.4rem 0;padding:.4rem 0;border-top:1px solid #eee;overflow-wrap:anywhere}
nav.links a{display:inline-block;margin:0 1rem .4rem 0}
</style>{{/head}}
{{$content}}
<section>
<h1>办理情况</h1>
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
<section id="progress">
<h2>办理进度</h2>
<ol class="stepper">
{{#stages}}<li class="stage {{state}}"{{#current}} aria-current="step"{{/current}}>
<span class="dot" aria-hidden="true">{{number}}</span>
<details{{#current}} open{{/current}}>
<summary>{{name}}<span class="state">{{stateName}}{{#hasSteps}} · {{count}} 条记录{{/hasSteps}}</span></summary>
{{#steps}}<p class="timeline-step"><time>{{at}}</time>{{note}}</p>
{{/steps}}{{^steps}}<p class="hint">暂无记录。</p>{{/steps}}
</details>
</li>
{{/stages}}</ol>
</section>
<nav class="links" aria-label="更多">
{{#boardLink}}<a id="board-link" href="{{boardLink}}">在“办理过程网上晒”查看这件建议</a>{{/boardLink}}
<a id="home-link" href="/">返回首页</a>
</nav>
{{/content}}
{{/layout}}
"""#
