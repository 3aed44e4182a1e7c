/// The deputy's pages: zh-CN, laid out for a 390 px phone first, usable without scripts and by
/// keyboard, each filling the shared layout.
let deputyTemplates: [String: String] = [
    "deputy-home": deputyHomeTemplate, "deputy-ledger": deputyLedgerTemplate, "deputy-opinion": deputyOpinionTemplate,
    "deputy-record": deputyRecordTemplate, "deputy-problem": deputyProblemTemplate,
    "deputy-suggestions": deputySuggestionsTemplate, "deputy-suggestion": deputySuggestionTemplate, "deputy-draft": deputyDraftTemplate,
]

/// Styles every deputy page adds to the layout: the section links, counts, lists that wrap
/// instead of scrolling sideways, and a visible keyboard focus.
private let deputyStyle = #"""
<style>
nav.deputy{display:flex;gap:.4rem;margin:0 0 1rem}
nav.deputy a{flex:1;text-align:center;padding:.6rem .2rem;border-radius:.4rem;background:#fff;color:#b3261e;font-weight:600;text-decoration:none;border:1px solid #b3261e}
nav.deputy a[aria-current=page]{background:#b3261e;color:#fff}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #1f6feb;outline-offset:2px}
.counts{display:flex;gap:.5rem;list-style:none;padding:0;margin:.6rem 0 0}
.counts li{flex:1;min-width:0;background:#f6f3ee;border-radius:.4rem;padding:.5rem .2rem;text-align:center;font-size:.95rem}
.counts strong{display:block;font-size:1.6rem;color:#b3261e}
.notice{background:#e6f4ea;color:#1e4620;padding:.8rem;border-radius:.4rem}
ul.opinions li a{font-weight:600;color:#1f2328}
.tag.waiting{background:#fff4ce;color:#6a4a00}
details{border-top:1px solid #eee;padding:.6rem 0}
summary{font-weight:600;cursor:pointer;padding:.3rem 0;color:#b3261e}
form.filters label{margin:.4rem 0 .2rem;font-size:.95rem}
form.filters .field{flex:1 1 9rem;min-width:0}
form.filters select,form.filters input{width:100%}
form.filters button{width:100%;margin-top:.6rem}
.pager{display:flex;gap:.5rem;justify-content:space-between}
input[type=date],input[type=search]{width:100%;font:inherit;padding:.6rem;border:1px solid #8c959f;border-radius:.4rem;background:#fff}
button.secondary{color:#b3261e;background:#fff;border:1px solid #b3261e}
ol.timeline{padding-left:1.2rem;margin:0}
ol.timeline li{margin:.3rem 0}
</style>
"""#

private func deputyNav(_ current: String) -> String {
    let links = [("home", "/", "待办"), ("ledger", "/ledger", "台账"), ("record", "/opinions/new", "登记意见"), ("suggestions", "/suggestions", "我的建议")]
    return #"<nav class="deputy" aria-label="代表工作">"# + links.map { key, href, name in
        #"<a href="\#(href)"\#(key == current ? #" aria-current="page""# : "")>\#(name)</a>"#
    }.joined() + "</nav>"
}

let deputyHomeTemplate = #"""
{{<layout}}
{{$title}}待办 · 代表有约工作平台{{/title}}
{{$head}}\#(deputyStyle){{/head}}
{{$content}}
\#(deputyNav("home"))
<section>
<h1>{{displayName}}代表，您好</h1>
<p class="meta">{{stationName}}</p>
{{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
{{#unavailable}}<p class="alert" role="alert" id="unavailable">民意台账服务暂时无法访问，待办事项暂时无法获取，请稍后刷新。如果一直这样，请联系区人大信息化工作人员。</p>{{/unavailable}}
{{^unavailable}}
<ul class="counts">
<li><a href="#triage"><strong id="pending-count">{{pendingCount}}</strong>待分办意见</a></li>
<li><a href="/suggestions"><strong id="confirm-count">{{confirmCount}}</strong>待附议建议</a></li>
<li><a href="/ledger"><strong id="total-count">{{totalCount}}</strong>本站意见</a></li>
</ul>
{{/unavailable}}
</section>
{{^unavailable}}
<section id="triage" aria-labelledby="triage-heading">
<h2 id="triage-heading">待分办的意见</h2>
<p class="hint">意见没有办理期限，按收到时间排列，等得最久的在前。</p>
{{^pending}}<p class="meta">目前没有待分办的意见。</p>{{/pending}}
<ul class="plain opinions">
{{#pending}}<li><a href="/opinions/{{id}}">{{summary}}</a><br><span class="meta">{{categoryName}} · {{channelName}} · 收到于 {{day}}</span> <span class="tag waiting">{{waiting}}</span></li>{{/pending}}
</ul>
{{#more}}<p><a href="/ledger?status=received">查看全部待分办意见</a></p>{{/more}}
</section>
<section aria-labelledby="cases-heading">
<h2 id="cases-heading">办理中的建议</h2>
{{#casesUnavailable}}<p class="meta">办理情况暂时无法获取，请稍后刷新。</p>{{/casesUnavailable}}
{{^casesUnavailable}}{{^hasCases}}<p class="meta">目前没有正在办理的建议。</p>{{/hasCases}}{{/casesUnavailable}}
<ul class="plain">
{{#cases}}<li><a href="/suggestions/{{suggestion}}">{{title}}</a><br><span class="meta">{{unitName}}（{{roleName}}）· {{statusName}} · 答复期限 {{deadline}}</span> <span class="tag{{#late}} overdue{{/late}}{{^late}} waiting{{/late}}">{{deadlineWords}}</span></li>{{/cases}}
</ul>
</section>
{{#hasToConfirm}}
<section aria-labelledby="confirm-heading">
<h2 id="confirm-heading">请您确认附议的建议</h2>
<ul class="plain">{{#toConfirm}}<li><a href="/suggestions/{{id}}">{{title}}</a></li>{{/toConfirm}}</ul>
</section>
{{/hasToConfirm}}
{{/unavailable}}
<section>
<h2>常用</h2>
<ul class="plain">
<li><a href="/opinions/new">登记接待、走访中听到的意见</a></li>
<li><a href="/ledger">查找本站民意台账</a></li>
\#(ownAccountAndSignOut)
</section>
{{/content}}
{{/layout}}
"""#

let deputyLedgerTemplate = #"""
{{<layout}}
{{$title}}民意台账 · 代表有约工作平台{{/title}}
{{$head}}\#(deputyStyle){{/head}}
{{$content}}
\#(deputyNav("ledger"))
<section>
<h1>民意台账</h1>
<p class="meta">{{stationName}}收到和登记的全部意见。</p>
{{#formError}}<p class="alert" role="alert" id="form-error">{{formError}}</p>{{/formError}}
<form method="get" action="/ledger" class="filters" role="search">
<div class="field" style="flex-basis:100%">
<label for="q">搜索意见内容</label>
<input type="search" id="q" name="q" value="{{form.q}}" placeholder="如：路灯、停车" {{#errors.q}}aria-invalid="true" aria-describedby="q-error"{{/errors.q}}>
{{#errors.q}}<p class="field-error" id="q-error">{{errors.q}}</p>{{/errors.q}}
</div>
<div class="field">
<label for="status">状态</label>
<select id="status" name="status"><option value="">全部</option>{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/statuses}}</select>
</div>
<div class="field">
<label for="channel">渠道</label>
<select id="channel" name="channel"><option value="">全部</option>{{#channels}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/channels}}</select>
</div>
<div class="field">
<label for="category">类别</label>
<select id="category" name="category"><option value="">全部</option>{{#categories}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/categories}}</select>
</div>
<div class="field">
<label for="from">起始日期</label>
<input type="date" id="from" name="from" value="{{form.from}}" {{#errors.from}}aria-invalid="true" aria-describedby="from-error"{{/errors.from}}>
{{#errors.from}}<p class="field-error" id="from-error">{{errors.from}}</p>{{/errors.from}}
</div>
<div class="field">
<label for="to">截止日期</label>
<input type="date" id="to" name="to" value="{{form.to}}" {{#errors.to}}aria-invalid="true" aria-describedby="to-error"{{/errors.to}}>
{{#errors.to}}<p class="field-error" id="to-error">{{errors.to}}</p>{{/errors.to}}
</div>
<div class="field" style="flex-basis:100%"><button type="submit">查找</button></div>
</form>
</section>
<section aria-labelledby="results-heading">
<h2 id="results-heading">{{#searching}}查找结果{{/searching}}{{^searching}}全部意见{{/searching}}</h2>
{{^items}}<p class="meta" id="no-results">没有符合条件的意见。</p>{{/items}}
<ul class="plain opinions">
{{#items}}<li><a href="/opinions/{{id}}">{{summary}}</a><br><span class="meta">{{statusName}} · {{categoryName}} · {{channelName}} · {{day}}</span></li>{{/items}}
</ul>
{{#paged}}<p class="pager">{{#firstPage}}<a href="{{firstPage}}">回到第一页</a>{{/firstPage}}{{#nextPage}}<a href="{{nextPage}}" rel="next">下一页</a>{{/nextPage}}</p>{{/paged}}
</section>
{{/content}}
{{/layout}}
"""#

let deputyOpinionTemplate = #"""
{{<layout}}
{{$title}}意见分办 · 代表有约工作平台{{/title}}
{{$head}}\#(deputyStyle){{/head}}
{{$content}}
\#(deputyNav(""))
<section>
<h1>意见详情</h1>
{{#notice}}<p class="notice" role="status" id="notice">{{notice}}</p>{{/notice}}
<p class="meta">编号 {{opinion.id}} · {{opinion.stationName}} · {{categoryName}} · {{channelName}}</p>
<p class="meta">收到于 {{day}}</p>
<p id="opinion-content">{{opinion.content}}</p>
{{#opinion.place}}<p class="meta">地点：{{opinion.place}}</p>{{/opinion.place}}
<p>当前状态：<strong id="opinion-status">{{statusName}}</strong></p>
{{#opinion.mergedInto}}<p class="meta">已合并到意见 <a href="/opinions/{{opinion.mergedInto}}">{{opinion.mergedInto}}</a></p>{{/opinion.mergedInto}}
{{#opinion.explanation}}<p class="meta">向群众说明的原因：{{opinion.explanation}}</p>{{/opinion.explanation}}
</section>
{{#formError}}<p class="alert" role="alert" id="form-error" tabindex="-1">{{formError}}</p>{{/formError}}
{{#mayTriage}}
<section aria-labelledby="triage-heading">
<h2 id="triage-heading">分办</h2>
<p class="hint">选择一种处理方式。提交后，群众凭回执码可以看到处理结果。</p>
<details{{#expanded.resolve}} open{{/expanded.resolve}}>
<summary>现场解决</summary>
<form method="post" action="/opinions/{{opinion.id}}/triage">
<input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="resolve">
<label for="resolve-note">怎样解决的</label>
<textarea id="resolve-note" name="note" maxlength="1000" required {{#errors.resolve}}aria-invalid="true" aria-describedby="resolve-error" autofocus{{/errors.resolve}}>{{form.resolve}}</textarea>
{{#errors.resolve}}<p class="field-error" id="resolve-error">{{errors.resolve}}</p>{{/errors.resolve}}
<button type="submit">记为现场解决</button>
</form>
</details>
<details{{#expanded.explain}} open{{/expanded.explain}}>
<summary>说明无法办理的原因</summary>
<form method="post" action="/opinions/{{opinion.id}}/triage">
<input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="explain">
<label for="explain-note">原因（会显示给群众）</label>
<textarea id="explain-note" name="note" maxlength="1000" required {{#errors.explain}}aria-invalid="true" aria-describedby="explain-error" autofocus{{/errors.explain}}>{{form.explain}}</textarea>
{{#errors.explain}}<p class="field-error" id="explain-error">{{errors.explain}}</p>{{/errors.explain}}
<button type="submit">提交说明</button>
</form>
</details>
<details{{#expanded.merge}} open{{/expanded.merge}}>
<summary>与同类意见合并</summary>
<form method="post" action="/opinions/{{opinion.id}}/triage">
<input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="merge">
{{#hasSimilar}}<fieldset style="border:0;padding:0;margin:0"><legend class="hint">本街道同类待分办意见，最相近的在前：</legend>
{{#similar}}<label class="check"><input type="radio" name="into" value="{{id}}"> <span>{{summary}}<br><span class="meta">{{id}} · {{day}}</span></span></label>{{/similar}}
</fieldset>{{/hasSimilar}}
{{^hasSimilar}}<p class="hint">本街道暂无同类待分办意见，可填写要合并到的意见编号。</p>{{/hasSimilar}}
<label for="merge-into">或填写意见编号</label>
<input type="text" id="merge-into" name="intoTyped" value="{{form.merge}}" autocapitalize="none" spellcheck="false" {{#errors.merge}}aria-invalid="true" aria-describedby="merge-error" autofocus{{/errors.merge}}>
{{#errors.merge}}<p class="field-error" id="merge-error">{{errors.merge}}</p>{{/errors.merge}}
<button type="submit">合并</button>
</form>
</details>
<details{{#expanded.attach}} open{{/expanded.attach}}>
<summary>并入我的建议草稿</summary>
<form method="post" action="/opinions/{{opinion.id}}/triage">
<input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="attach">
{{#hasDrafts}}<fieldset style="border:0;padding:0;margin:0"{{#errors.attach}} aria-describedby="attach-error"{{/errors.attach}}><legend class="hint">选择您的一份建议草稿：</legend>
{{#drafts}}<label class="check"><input type="radio" name="suggestion" value="{{id}}" required> <span>{{title}}</span></label>{{/drafts}}
</fieldset>
{{#errors.attach}}<p class="field-error" id="attach-error">{{errors.attach}}</p>{{/errors.attach}}
<button type="submit">并入建议</button>{{/hasDrafts}}
{{^hasDrafts}}<p class="hint">您还没有可以并入的建议草稿，可以<a href="/suggestions/new">起草建议</a>时选上这条意见。</p>{{/hasDrafts}}
</form>
</details>
</section>
{{/mayTriage}}
<section aria-labelledby="timeline-heading">
<h2 id="timeline-heading">办理经过</h2>
<ol class="timeline">
{{#steps}}<li class="timeline-step"><time>{{at}}</time>{{note}}</li>{{/steps}}
</ol>
</section>
<p><a href="/">返回待办</a> · <a href="/ledger">民意台账</a></p>
{{/content}}
{{/layout}}
"""#

let deputyRecordTemplate = #"""
{{<layout}}
{{$title}}登记意见 · 代表有约工作平台{{/title}}
{{$head}}\#(deputyStyle){{/head}}
{{$content}}
\#(deputyNav("record"))
<section>
<h1>登记听到的意见</h1>
<p class="meta">接待、走访、调研或活动中群众当面反映的意见，登记后进入本站民意台账。</p>
{{#formError}}<p class="alert" role="alert" id="form-error" tabindex="-1">{{formError}}</p>{{/formError}}
<form method="post" action="/opinions/new">
<input type="hidden" name="csrf" value="{{csrf}}">
<label for="station">代表家站室</label>
<select id="station" name="station" {{#errors.station}}aria-invalid="true" aria-describedby="station-error"{{/errors.station}}{{#focus.station}} autofocus{{/focus.station}}>{{#stations}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/stations}}</select>
{{#errors.station}}<p class="field-error" id="station-error">{{errors.station}}</p>{{/errors.station}}
<label for="channel">在哪里听到的</label>
<select id="channel" name="channel" {{#errors.channel}}aria-invalid="true" aria-describedby="channel-error"{{/errors.channel}}{{#focus.channel}} autofocus{{/focus.channel}}>{{#channels}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/channels}}</select>
{{#errors.channel}}<p class="field-error" id="channel-error">{{errors.channel}}</p>{{/errors.channel}}
<label for="category">问题类别</label>
<select id="category" name="category" {{#errors.category}}aria-invalid="true" aria-describedby="category-error"{{/errors.category}}{{#focus.category}} autofocus{{/focus.category}}><option value="">请选择</option>{{#categories}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/categories}}</select>
{{#errors.category}}<p class="field-error" id="category-error">{{errors.category}}</p>{{/errors.category}}
<label for="content">群众反映的问题</label>
<textarea id="content" name="content" maxlength="2000" required {{#errors.content}}aria-invalid="true" aria-describedby="content-error"{{/errors.content}}{{#focus.content}} autofocus{{/focus.content}}>{{form.content}}</textarea>
{{#errors.content}}<p class="field-error" id="content-error">{{errors.content}}</p>{{/errors.content}}
<label for="place">问题所在地点（选填）</label>
<input type="text" id="place" name="place" maxlength="200" value="{{form.place}}" {{#errors.place}}aria-invalid="true" aria-describedby="place-error"{{/errors.place}}{{#focus.place}} autofocus{{/focus.place}}>
{{#errors.place}}<p class="field-error" id="place-error">{{errors.place}}</p>{{/errors.place}}
<label for="contact">群众的联系方式（选填）</label>
<input type="tel" id="contact" name="contact" maxlength="100" value="{{form.contact}}" aria-describedby="contact-hint{{#errors.contact}} contact-error{{/errors.contact}}" {{#errors.contact}}aria-invalid="true"{{/errors.contact}}{{#focus.contact}} autofocus{{/focus.contact}}>
<p class="hint" id="contact-hint">加密保存，只有办理这条意见的代表和工作人员能看到。</p>
{{#errors.contact}}<p class="field-error" id="contact-error">{{errors.contact}}</p>{{/errors.contact}}
<label class="check"><input type="checkbox" name="contactConsent" value="on"{{#form.contactConsent}} checked{{/form.contactConsent}} {{#errors.contactConsent}}aria-invalid="true" aria-describedby="contactConsent-error"{{/errors.contactConsent}}{{#focus.contactConsent}} autofocus{{/focus.contactConsent}}> 群众同意留下联系方式，仅用于办理和回访本条意见</label>
{{#errors.contactConsent}}<p class="field-error" id="contactConsent-error">{{errors.contactConsent}}</p>{{/errors.contactConsent}}
<button type="submit">登记</button>
</form>
</section>
{{/content}}
{{/layout}}
"""#

/// A service refused or could not answer: what happened, in words, and where to go on.
let deputyProblemTemplate = #"""
{{<layout}}
{{$title}}{{heading}} · 代表有约工作平台{{/title}}
{{$head}}\#(deputyStyle){{/head}}
{{$content}}
\#(deputyNav(""))
<section>
<h1>{{heading}}</h1>
<p role="alert">{{message}}</p>
<p><a href="{{back}}">返回</a></p>
</section>
{{/content}}
{{/layout}}
"""#

let deputySuggestionsTemplate = #"""
{{<layout}}
{{$title}}我的建议 · 代表有约工作平台{{/title}}
{{$head}}\#(deputyStyle){{/head}}
{{$content}}
\#(deputyNav("suggestions"))
<section>
<h1>我的建议</h1>
<p class="meta">领衔或附议的代表建议，最新的在前。</p>
<a class="button" href="/suggestions/new">起草建议</a>
</section>
<section aria-labelledby="list-heading">
<h2 id="list-heading">建议</h2>
{{^suggestions}}<p class="meta">还没有代表建议。可以从本站的意见起草一件。</p>{{/suggestions}}
<ul class="plain">
{{#suggestions}}<li><a href="/suggestions/{{id}}">{{title}}</a><br><span class="meta">{{statusName}} · {{roleName}}</span>{{#mustConfirm}} <span class="tag waiting">待您附议</span>{{/mustConfirm}}</li>{{/suggestions}}
</ul>
</section>
{{/content}}
{{/layout}}
"""#

let deputySuggestionTemplate = #"""
{{<layout}}
{{$title}}代表建议 · 代表有约工作平台{{/title}}
{{$head}}\#(deputyStyle){{/head}}
{{$content}}
\#(deputyNav("suggestions"))
<section>
<h1>{{suggestion.title}}</h1>
{{#notice}}<p class="notice" role="status" id="notice">{{notice}}</p>{{/notice}}
<p>当前状态：<strong id="suggestion-status">{{statusName}}</strong></p>
<p class="meta">编号 {{suggestion.id}} · {{categoryName}}{{#place}} · {{place}}{{/place}}</p>
<p id="suggestion-body" style="white-space:pre-line">{{suggestion.body}}</p>
</section>
{{#formError}}<p class="alert" role="alert" id="form-error">{{formError}}</p>{{/formError}}
<section aria-labelledby="signers-heading">
<h2 id="signers-heading">领衔和附议代表</h2>
<ul class="plain">
{{#signers}}<li>{{name}}（{{deputy}}）<br><span class="meta">{{roleName}} · {{#confirmed}}已确认{{/confirmed}}{{^confirmed}}尚未确认{{/confirmed}}</span></li>{{/signers}}
</ul>
{{#mayConfirm}}
<form method="post" action="/suggestions/{{suggestion.id}}/confirm">
<input type="hidden" name="csrf" value="{{csrf}}">
<button type="submit">确认附议</button>
</form>
{{/mayConfirm}}
{{#maySubmit}}
<form method="post" action="/suggestions/{{suggestion.id}}/submit">
<input type="hidden" name="csrf" value="{{csrf}}">
<p class="hint">提交后建议进入分级办理，不能再修改或并入意见。附议代表须先全部确认。</p>
<button type="submit">提交建议</button>
</form>
{{/maySubmit}}
</section>
{{#handling}}
<section aria-labelledby="handling-heading">
<h2 id="handling-heading">办理情况</h2>
{{#unavailable}}<p class="meta">办理情况暂时无法获取，请稍后刷新。</p>{{/unavailable}}
{{#none}}<p class="meta">尚未交办，或已全部办结。</p>{{/none}}
<ul class="plain">
{{#cases}}<li>{{unitName}}（{{roleName}}）<br><span class="meta">{{statusName}} · 答复期限 {{deadline}}</span> <span class="tag{{#late}} overdue{{/late}}{{^late}} waiting{{/late}}">{{deadlineWords}}</span></li>{{/cases}}
</ul>
</section>
{{/handling}}
<section aria-labelledby="sources-heading">
<h2 id="sources-heading">来源意见</h2>
{{^opinions}}<p class="meta">没有来源意见。</p>{{/opinions}}
<ul class="plain">{{#opinions}}<li><a href="/opinions/{{.}}">意见 {{.}}</a></li>{{/opinions}}</ul>
</section>
<p><a href="/suggestions">返回我的建议</a></p>
{{/content}}
{{/layout}}
"""#

let deputyDraftTemplate = #"""
{{<layout}}
{{$title}}起草建议 · 代表有约工作平台{{/title}}
{{$head}}\#(deputyStyle){{/head}}
{{$content}}
\#(deputyNav("suggestions"))
<section>
<h1>起草代表建议</h1>
<p class="meta">从本站待分办的意见起草，可邀请其他代表附议。草稿保存后，附议代表确认，再由您提交。</p>
{{#formError}}<p class="alert" role="alert" id="form-error">{{formError}}</p>{{/formError}}
<form method="post" action="/suggestions/new">
<input type="hidden" name="csrf" value="{{csrf}}">
<label for="title">标题</label>
<input type="text" id="title" name="title" maxlength="100" value="{{form.title}}" required {{#errors.title}}aria-invalid="true" aria-describedby="title-error"{{/errors.title}}{{#focus.title}} autofocus{{/focus.title}}>
{{#errors.title}}<p class="field-error" id="title-error">{{errors.title}}</p>{{/errors.title}}
<label for="category">类别</label>
<select id="category" name="category" {{#errors.category}}aria-invalid="true" aria-describedby="category-error"{{/errors.category}}{{#focus.category}} autofocus{{/focus.category}}><option value="">请选择</option>{{#categories}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/categories}}</select>
{{#errors.category}}<p class="field-error" id="category-error">{{errors.category}}</p>{{/errors.category}}
<label for="body">建议内容</label>
<textarea id="body" name="body" maxlength="10000" required aria-describedby="body-hint{{#errors.body}} body-error{{/errors.body}}" {{#errors.body}}aria-invalid="true"{{/errors.body}}{{#focus.body}} autofocus{{/focus.body}}>{{form.body}}</textarea>
<p class="hint" id="body-hint">至少 20 字：问题、原因和具体建议。</p>
{{#errors.body}}<p class="field-error" id="body-error">{{errors.body}}</p>{{/errors.body}}
<label for="place">涉及地点（选填）</label>
<input type="text" id="place" name="place" maxlength="200" value="{{form.place}}">
<label for="coSigners">邀请附议的代表编号（选填）</label>
<input type="text" id="coSigners" name="coSigners" value="{{form.coSigners}}" autocapitalize="none" spellcheck="false" aria-describedby="coSigners-hint{{#errors.coSigners}} coSigners-error{{/errors.coSigners}}" {{#errors.coSigners}}aria-invalid="true"{{/errors.coSigners}}{{#focus.coSigners}} autofocus{{/focus.coSigners}}>
<p class="hint" id="coSigners-hint">多位代表用逗号或顿号隔开，例如 dep-0002、dep-0003。</p>
{{#errors.coSigners}}<p class="field-error" id="coSigners-error">{{errors.coSigners}}</p>{{/errors.coSigners}}
<fieldset style="border:0;padding:0;margin:.8rem 0 0"{{#errors.opinions}} aria-describedby="opinions-error"{{/errors.opinions}}>
<legend style="font-weight:600">来源意见（本站待分办）</legend>
{{^pending}}<p class="hint">本站目前没有待分办的意见。</p>{{/pending}}
{{#pending}}<label class="check"><input type="checkbox" name="opinions[]" value="{{id}}"{{#chosen}} checked{{/chosen}}> <span>{{summary}}<br><span class="meta">{{day}}</span></span></label>{{/pending}}
</fieldset>
{{#errors.opinions}}<p class="field-error" id="opinions-error">{{errors.opinions}}</p>{{/errors.opinions}}
<button type="submit">保存草稿</button>
</form>
</section>
{{/content}}
{{/layout}}
"""#
