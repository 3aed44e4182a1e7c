/// `/board`: 办理过程网上晒 — every suggestion's units, deadline and status, and the units' record.
let boardTemplate = #"""
{{<layout}}
{{$title}}建议办理公开 · 代表有约{{/title}}
{{$content}}
<section>
<h1>代表建议办理情况公开</h1>
<form class="filters" method="get" action="/board">
<label class="check">状态
<select name="status"><option value="">全部</option>{{#statuses}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/statuses}}</select></label>
<label class="check"><input type="checkbox" name="overdue" value="true"{{#overdueOnly}} checked{{/overdueOnly}}> 只看超期</label>
<label class="check"><input type="checkbox" name="key" value="true"{{#keyOnly}} checked{{/keyOnly}}> 只看重点建议</label>
<button type="submit">筛选</button>
</form>
</section>
<section id="suggestions">
<h2>建议（{{count}} 件）</h2>
<ul class="plain">
{{#entries}}<li class="board-entry"><a href="/board/{{suggestion}}"><strong>{{title}}</strong></a><br>
<span class="meta">主办：{{leadUnitName}}{{#coUnits}} · 协办：{{coUnits}}{{/coUnits}} · 期限 {{deadline}}</span><br>
<span class="tag">{{statusName}}</span>{{#overdue}} <span class="tag overdue">已超期</span>{{/overdue}}{{#key}} <span class="tag key">重点建议</span>{{/key}}</li>
{{/entries}}{{^entries}}<li>暂无符合条件的建议。</li>{{/entries}}
</ul>
</section>
<section id="units">
<h2>承办单位办理情况</h2>
<table>
<thead><tr><th>单位</th><th>主办件数</th><th>按期答复</th><th>超期</th><th>测评满意办结</th><th>按期且满意</th></tr></thead>
<tbody>
{{#units}}<tr><td>{{unitName}}</td><td>{{cases}}</td><td>{{repliedOnTime}}</td><td>{{overdue}}</td><td>{{closedSatisfied}}</td><td>{{onTimeAndSatisfied}}</td></tr>
{{/units}}</tbody>
</table>
</section>
{{/content}}
{{/layout}}
"""#

/// `/board/{suggestion}`: one suggestion's whole public timeline.
let boardEntryTemplate = #"""
{{<layout}}
{{$title}}{{title}} · 建议办理公开{{/title}}
{{$content}}
<section>
<h1>{{title}}</h1>
<p class="meta">主办：{{leadUnitName}}{{#coUnits}} · 协办：{{coUnits}}{{/coUnits}}</p>
<p>当前状态：<span id="board-status">{{statusName}}</span>{{#overdue}} <span class="tag overdue">已超期</span>{{/overdue}}{{#key}} <span class="tag key">重点建议</span>{{/key}} · 答复期限 {{deadline}}</p>
</section>
<section>
<h2>办理过程</h2>
<ul class="plain">
{{#timeline}}<li class="timeline-step"><time>{{at}}</time><strong>{{unitName}}</strong>：{{note}}</li>
{{/timeline}}</ul>
<p><a href="/board">返回全部建议</a></p>
</section>
{{/content}}
{{/layout}}
"""#
