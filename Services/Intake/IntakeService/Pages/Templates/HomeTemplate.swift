/// `/`: the citizen's way in — look up a receipt, find a station by street (searchable on the
/// server, so it works without scripts), and the public pages of the other services.
let homeTemplate = #"""
{{<layout}}
{{$title}}代表有约 · 人大代表联系群众{{/title}}
{{$head}}<style>
details.street{border-top:1px solid #eee;padding:.4rem 0}
details.street summary{cursor:pointer;font-weight:600;padding:.3rem 0}
ul.links{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:1fr 1fr;gap:.5rem}
ul.links a{display:block;padding:.7rem;border:1px solid #d0d7de;border-radius:.4rem;text-decoration:none;color:#1f2328;background:#fafafa}
ul.links strong{display:block;color:#b3261e}
input[type=search]{width:100%;font:inherit;padding:.6rem;border:1px solid #8c959f;border-radius:.4rem;background:#fff}
</style>{{/head}}
{{$content}}
<section>
<h1>代表有约</h1>
<p>找到身边的人大代表之家、联络站，向驻站代表反映意见和建议；凭回执码随时查看办理进度。</p>
</section>
<section id="receipt-lookup">
<h2>查询办理进度</h2>
<form id="receipt-form" method="get" action="/r">
<label for="receipt-code-input">回执码</label>
<input type="text" id="receipt-code-input" name="code" maxlength="20" autocomplete="off" autocapitalize="characters" placeholder="如 ABCD-EFGH-JK">
<button type="submit">查询</button>
<p class="hint">提交意见后得到的回执码，不区分大小写，可不输入横线。</p>
</form>
</section>
<section id="stations">
<h2>找站点，反映意见</h2>
<form id="station-search" method="get" action="/" role="search">
<label for="q">按站点、街道或社区名称查找</label>
<input type="search" id="q" name="q" maxlength="50" value="{{query}}" placeholder="如：民族街、花楼">
<button type="submit">查找</button>
</form>
{{#query}}<p class="meta" role="status">“{{query}}”：找到 {{stationCount}} 个站点。<a href="/">显示全部</a></p>{{/query}}
{{#streets}}<details class="street"{{#query}} open{{/query}}>
<summary>{{name}}（{{count}} 个站点）</summary>
<ul class="plain">
{{#stations}}<li><a class="station-link" href="/s/{{code}}"><strong>{{name}}</strong></a><br><span class="meta">{{kindName}}{{#communityName}} · {{communityName}}{{/communityName}} · {{address}}</span></li>
{{/stations}}</ul>
</details>
{{/streets}}{{^streets}}<p>没有找到相符的站点，请换个名称再试。</p>{{/streets}}
</section>
<section id="public-pages">
<h2>办理情况公开</h2>
<ul class="links">
<li><a id="link-board" href="{{links.board}}"><strong>办理过程网上晒</strong>代表建议交办、办理全过程</a></li>
<li><a id="link-results" href="{{links.results}}"><strong>办理结果网上评</strong>代表和群众的满意度</a></li>
<li><a id="link-performance" href="{{links.performance}}"><strong>代表履职评价</strong>代表履职情况和得分</a></li>
<li><a id="link-shared" href="{{links.shared}}"><strong>约您共享</strong>共享会上对共性问题的答复</a></li>
</ul>
</section>
{{/content}}
{{/layout}}
"""#
