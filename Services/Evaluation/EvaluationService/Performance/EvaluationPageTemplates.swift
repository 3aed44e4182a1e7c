/// `/performance`: 代表履职评价 — the district's deputies by score for a year or quarter.
let performanceTemplate = #"""
{{<layout}}
{{$title}}代表履职评价 · 代表有约{{/title}}
{{$content}}
<section>
<h1>代表履职评价</h1>
<p class="meta">{{periodName}} · 评价标准：{{criteriaVersion}}</p>
<form class="filters" method="get" action="/performance">
<label for="period">期间</label>
<select id="period" name="period">
{{#periods}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>
{{/periods}}</select>
<button type="submit">查看</button>
</form>
</section>
<section id="deputies">
<h2>代表得分</h2>
<table>
<thead><tr><th scope="col">名次</th><th scope="col">代表</th><th scope="col">得分</th></tr></thead>
<tbody>
{{#deputies}}<tr><td>{{rank}}</td><td><a href="{{link}}">{{name}}</a></td><td>{{total}}</td></tr>
{{/deputies}}{{^deputies}}<tr><td colspan="3">这一期间暂无履职记录。</td></tr>{{/deputies}}
</tbody>
</table>
</section>
<section id="criteria">
<h2>评价标准</h2>
<ul class="plain">
{{#criteria}}<li>{{name}}：每次 {{weight}} 分，最多 {{cap}} 分</li>
{{/criteria}}</ul>
</section>
{{/content}}
{{/layout}}
"""#

/// `/performance/{deputy}`: one deputy's record, item by item.
let deputyPerformanceTemplate = #"""
{{<layout}}
{{$title}}{{name}} 履职评价 · 代表有约{{/title}}
{{$content}}
<section>
<h1>{{name}}代表履职评价</h1>
<p class="meta">{{periodName}} · 评价标准：{{criteriaVersion}}</p>
<p class="code" aria-label="总分">{{total}} 分</p>
<p class="meta">在本区代表中排名第 {{rank}}</p>
</section>
<section id="items">
<h2>各项得分</h2>
<table>
<thead><tr><th scope="col">项目</th><th scope="col">次数</th><th scope="col">得分</th></tr></thead>
<tbody>
{{#items}}<tr><td>{{name}}<br><span class="hint">每次 {{weight}} 分，最多 {{cap}} 分</span></td><td>{{count}}</td><td>{{points}}</td></tr>
{{/items}}</tbody>
</table>
<p><a href="/performance">查看全部代表</a></p>
</section>
{{/content}}
{{/layout}}
"""#

/// `/selections`, `/selections/{id}`: published 优秀建议 / 优秀代表 results.
let selectionsTemplate = #"""
{{<layout}}
{{$title}}评选结果 · 代表有约{{/title}}
{{$content}}
<section>
<h1>优秀代表建议、优秀代表评选结果</h1>
<p class="meta">由评选名单内的成员投票产生，计票结果公布如下。</p>
</section>
{{#rounds}}<section class="round">
<h2><a href="/selections/{{id}}">{{title}}</a></h2>
<p class="meta">{{kindName}} · {{periodName}} · 公布于 {{publishedAt}} · {{voters}}/{{members}} 人投票</p>
<table>
<thead><tr><th scope="col">候选</th><th scope="col">得票</th><th scope="col">结果</th></tr></thead>
<tbody>
{{#candidates}}<tr><td>{{label}}{{#reason}}<br><span class="hint">{{reason}}</span>{{/reason}}</td><td>{{votes}}</td><td>{{#selected}}<span class="tag key">当选</span>{{/selected}}</td></tr>
{{/candidates}}</tbody>
</table>
</section>
{{/rounds}}{{^rounds}}<section><p>暂无公布的评选结果。</p></section>{{/rounds}}
{{/content}}
{{/layout}}
"""#

/// `/shared`, `/shared/{id}`: 约您共享 — responses to common issues and the suggestions they answer.
let sharedTemplate = #"""
{{<layout}}
{{$title}}约您共享 · 代表有约{{/title}}
{{$content}}
<section>
<h1>约您共享：共性问题答复</h1>
<p class="meta">承办单位在共享会上对多件代表建议反映的共性问题作出的统一答复。</p>
</section>
{{#responses}}<section class="shared">
<h2><a href="/shared/{{id}}">{{title}}</a></h2>
<p class="meta">{{heldOn}} · {{responder}}</p>
<p><strong>共性问题：</strong>{{issue}}</p>
<p><strong>答复：</strong>{{response}}</p>
<p class="meta">回应的代表建议：</p>
<ul class="plain">
{{#suggestions}}<li>{{title}}</li>
{{/suggestions}}</ul>
</section>
{{/responses}}{{^responses}}<section><p>暂无共享会答复。</p></section>{{/responses}}
{{/content}}
{{/layout}}
"""#
