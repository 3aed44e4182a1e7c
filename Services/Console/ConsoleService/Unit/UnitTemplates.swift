/// The handling unit's pages (承办单位): zh-CN, for a 390 px phone first, usable without script.
let unitTemplates: [String: String] = ["unitHome": unitHomeTemplate, "unitCase": unitCaseTemplate]

/// Styles both unit pages share, on top of the layout's.
let unitStyles = #"""
<style>
.notice{background:#e6f4ea;color:#1e4620;padding:.8rem;border-radius:.4rem}
ul.counts{list-style:none;padding:0;margin:.6rem 0 0;display:grid;grid-template-columns:repeat(4,1fr);gap:.4rem;text-align:center}
ul.counts li{background:#f6f3ee;border-radius:.4rem;padding:.4rem .2rem;font-size:.85rem}
ul.counts strong{display:block;font-size:1.4rem;line-height:1.2}
ul.counts li.late strong{color:#b3261e}
nav.views{display:flex;flex-wrap:wrap;gap:.4rem;margin:0 0 .6rem}
nav.views a{padding:.3rem .7rem;border:1px solid #8c959f;border-radius:1rem;color:#1f2328;text-decoration:none}
nav.views a[aria-current=page]{background:#b3261e;border-color:#b3261e;color:#fff}
ul.cases a.case{display:block;font-weight:600;color:#0b4f9c;padding:.2rem 0}
.late{color:#b3261e;font-weight:600}
nav.pages{display:flex;justify-content:space-between;margin-top:.6rem}
a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible,select:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}
input[type=date]{width:100%;font:inherit;padding:.6rem;border:1px solid #8c959f;border-radius:.4rem;background:#fff}
fieldset{border:0;padding:0;margin:.8rem 0 0;min-width:0}
legend{font-weight:600;padding:0;margin-bottom:.3rem}
label.choice{font-weight:400;display:flex;gap:.5rem;align-items:flex-start;margin:.4rem 0}
label.choice input{margin-top:.35rem;flex:none}
.body{white-space:pre-wrap;overflow-wrap:anywhere}
ol.timeline{list-style:none;padding:0;margin:0}
ol.timeline li{padding:.5rem 0 .5rem .8rem;border-left:3px solid #e3d9cc;overflow-wrap:anywhere}
ol.timeline time{display:block;color:#57606a;font-size:.9rem}
dl.facts{display:grid;grid-template-columns:auto 1fr;gap:.2rem .8rem;margin:.6rem 0 0}
dl.facts dt{color:#57606a}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.rule{background:#fff4ce;color:#6a4a00;padding:.6rem .8rem;border-radius:.4rem}
button.secondary{color:#b3261e;background:#fff;border:1px solid #b3261e}
h3.small{font-size:1rem;margin:.8rem 0 .2rem}
.rule a{color:inherit}
</style>
"""#

let unitHomeTemplate = #"""
{{<layout}}
{{$title}}待办 · {{unitName}} · 代表有约工作平台{{/title}}
{{$head}}{{{styles}}}{{/head}}
{{$content}}
<section>
<h1>{{unitName}} · 待办</h1>
<p class="meta">承办单位 · {{displayName}}</p>
<ul class="counts" aria-label="本单位交办统计">
<li><strong>{{counts.new}}</strong>待接收</li>
<li><strong>{{counts.handling}}</strong>办理中</li>
<li{{#anyOverdue}} class="late"{{/anyOverdue}}><strong>{{counts.overdue}}</strong>已超期</li>
<li><strong>{{counts.replied}}</strong>已答复</li>
</ul>
{{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
</section>
<section aria-labelledby="cases-heading">
<h2 id="cases-heading">{{listHeading}}</h2>
<nav class="views" aria-label="筛选交办">
{{#views}}<a href="/?show={{value}}"{{#current}} aria-current="page"{{/current}}>{{name}}</a>{{/views}}
</nav>
<ul class="plain cases">
{{#cases}}<li>
<a class="case" href="/cases/{{id}}">{{title}}</a>
<span class="tag">{{statusName}}</span> <span class="tag">{{roleName}}</span>{{#complex}} <span class="tag">复杂</span>{{/complex}}
{{#deadlineWords}}<p class="meta">{{deadlineLabel}} <time datetime="{{deadline}}">{{deadlineDate}}</time> · <span{{#late}} class="late"{{/late}}>{{deadlineWords}}</span></p>{{/deadlineWords}}
{{^deadlineWords}}<p class="meta">交办于 {{issuedDate}}</p>{{/deadlineWords}}
</li>{{/cases}}
</ul>
{{^cases}}<p class="meta">{{emptyText}}</p>{{/cases}}
{{#paging}}<nav class="pages" aria-label="翻页">
{{#previous}}<a href="{{previous}}">上一页</a>{{/previous}}{{^previous}}<span></span>{{/previous}}
<span class="meta">第 {{page}} / {{pages}} 页</span>
{{#next}}<a href="{{next}}">下一页</a>{{/next}}{{^next}}<span></span>{{/next}}
</nav>{{/paging}}
</section>
<section>
<h2>账号</h2>
<ul class="plain">
\#(ownAccountAndSignOut)
</section>
{{/content}}
{{/layout}}
"""#

let unitCaseTemplate = #"""
{{<layout}}
{{$title}}{{record.title}} · 交办 · 代表有约工作平台{{/title}}
{{$head}}{{{styles}}}{{/head}}
{{$content}}
<p><a href="/">返回待办</a></p>
<section aria-labelledby="case-title">
<h1 id="case-title">{{record.title}}</h1>
<p><span class="tag" id="case-status">{{statusName}}</span> <span class="tag">{{roleName}}</span>{{#record.complex}} <span class="tag">复杂</span>{{/record.complex}}</p>
{{#notice}}<p class="notice" role="status" id="notice">{{notice}}当前状态：{{statusName}}。</p>{{/notice}}
<dl class="facts">
<dt>{{deadlineLabel}}</dt><dd><time datetime="{{record.deadline}}">{{deadlineDate}}</time>{{#deadlineWords}} · <span{{#late}} class="late"{{/late}}>{{deadlineWords}}</span>{{/deadlineWords}}</dd>
<dt>领衔代表</dt><dd>{{record.leadDeputy}}{{#deputy}}{{#workUnit}}<br><span class="meta">{{workUnit}}</span>{{/workUnit}}{{#publicContact}}<br><span class="meta">联系方式：{{publicContact}}</span>{{/publicContact}}{{/deputy}}</dd>
<dt>类别</dt><dd>{{record.category}}</dd>
<dt>交办时间</dt><dd>{{issuedAt}}</dd>
{{#rehandlingRound}}<dt>办理轮次</dt><dd>第 {{record.round}} 轮（测评不满意后重新办理）</dd>{{/rehandlingRound}}
</dl>
</section>
<section aria-labelledby="body-heading">
<h2 id="body-heading">建议内容</h2>
<p class="body">{{body}}</p>
</section>
{{#replied}}<section aria-labelledby="reply-heading">
<h2 id="reply-heading">本单位的答复</h2>
<p><strong>{{resultName}}</strong></p>
<p class="body">{{record.replyText}}</p>
{{#hasPromises}}<h3 class="small">承诺事项</h3>
<ul class="plain">{{#promises}}<li id="promise-{{id}}">{{what}}（{{dueDate}}前完成）{{#done}} · 已落实：{{doneNote}}{{/done}}{{^done}} · 待落实
{{#formError}}<p class="alert" role="alert">{{formError}}</p>{{/formError}}
<form method="post" action="/cases/{{caseID}}/promise-done#promise-{{id}}">
<input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="key" value="{{key}}"><input type="hidden" name="promise" value="{{id}}">
<label for="promise-note-{{id}}">落实情况</label>
<textarea id="promise-note-{{id}}" name="note" required{{#errors.note}} aria-invalid="true" aria-describedby="promise-note-{{id}}-error" autofocus{{/errors.note}}>{{note}}</textarea>
{{#errors.note}}<p class="field-error" id="promise-note-{{id}}-error">{{errors.note}}</p>{{/errors.note}}
<button type="submit">报告已落实</button>
</form>{{/done}}</li>{{/promises}}</ul>{{/hasPromises}}
</section>{{/replied}}

{{#accept}}<section id="accept-form" aria-labelledby="accept-heading">
<h2 id="accept-heading">接收交办</h2>
<p class="meta">接收后即开始办理，可登记进展和与代表的沟通。</p>
{{#formError}}<p class="alert" role="alert">{{formError}}</p>{{/formError}}
<form method="post" action="/cases/{{caseID}}/accept#accept-form">
<input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="key" value="{{key}}">
<button type="submit">接收并开始办理</button>
</form>
</section>{{/accept}}

{{#contact}}<section id="contact-form" aria-labelledby="contact-heading">
<h2 id="contact-heading">登记与领衔代表的沟通</h2>
{{#hasLogged}}<ul class="plain">{{#logged}}<li>{{day}} · {{method}}<br><span class="meta">{{summary}}</span></li>{{/logged}}</ul>{{/hasLogged}}
{{#formError}}<p class="alert" role="alert">{{formError}}</p>{{/formError}}
<form method="post" action="/cases/{{caseID}}/contact#contact-form">
<input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="key" value="{{key}}">
<label for="contact-method">沟通方式</label>
<input type="text" id="contact-method" name="method" value="{{form.method}}" placeholder="当面、电话、座谈" maxlength="20" required{{#errors.method}} aria-invalid="true" aria-describedby="contact-method-error" autofocus{{/errors.method}}>
{{#errors.method}}<p class="field-error" id="contact-method-error">{{errors.method}}</p>{{/errors.method}}
<label for="contact-day">沟通日期</label>
<input type="date" id="contact-day" name="day" value="{{form.day}}" required{{#errors.day}} aria-invalid="true" aria-describedby="contact-day-error" autofocus{{/errors.day}}>
{{#errors.day}}<p class="field-error" id="contact-day-error">{{errors.day}}</p>{{/errors.day}}
<label for="contact-summary">沟通情况</label>
<textarea id="contact-summary" name="summary" required{{#errors.summary}} aria-invalid="true" aria-describedby="contact-summary-error" autofocus{{/errors.summary}}>{{form.summary}}</textarea>
{{#errors.summary}}<p class="field-error" id="contact-summary-error">{{errors.summary}}</p>{{/errors.summary}}
<button type="submit">登记沟通</button>
</form>
</section>{{/contact}}

{{#progress}}<section id="progress-form" aria-labelledby="progress-heading">
<h2 id="progress-heading">登记办理进展</h2>
{{#formError}}<p class="alert" role="alert">{{formError}}</p>{{/formError}}
<form method="post" action="/cases/{{caseID}}/progress#progress-form">
<input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="key" value="{{key}}">
<label for="progress-note">办理进展</label>
<textarea id="progress-note" name="note" required{{#errors.note}} aria-invalid="true" aria-describedby="progress-note-error" autofocus{{/errors.note}}>{{form.note}}</textarea>
{{#errors.note}}<p class="field-error" id="progress-note-error">{{errors.note}}</p>{{/errors.note}}
<label class="check"><input type="checkbox" name="public" value="on"{{#form.public}} checked{{/form.public}}> 公开（在办理过程公开栏和群众回执上显示）</label>
<button type="submit">登记进展</button>
</form>
</section>{{/progress}}

{{#reply}}<section id="reply-form" aria-labelledby="reply-heading">
<h2 id="reply-heading">答复代表</h2>
{{#contactRule}}{{#contactLogged}}<p class="hint">答复前须与领衔代表沟通：本轮已登记沟通，可以答复。</p>{{/contactLogged}}{{^contactLogged}}<p class="rule" id="reply-rule">答复前须先与领衔代表沟通，并在上方<a href="#contact-form">“登记与领衔代表的沟通”</a>中登记；未登记沟通的答复不能提交。</p>{{/contactLogged}}{{/contactRule}}
{{#formError}}<p class="alert" role="alert" id="reply-error">{{formError}}</p>{{/formError}}
<form method="post" action="/cases/{{caseID}}/reply#reply-form">
<input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="key" value="{{key}}">
<fieldset{{#errors.result}} aria-describedby="reply-result-error"{{/errors.result}}>
<legend>答复类别</legend>
{{#results}}<label class="choice"><input type="radio" name="result" value="{{value}}"{{#checked}} checked{{/checked}} required> {{name}}</label>{{/results}}
{{#errors.result}}<p class="field-error" id="reply-result-error">{{errors.result}}</p>{{/errors.result}}
</fieldset>
<label for="reply-text">答复内容</label>
<textarea id="reply-text" name="text" required{{#errors.text}} aria-invalid="true" aria-describedby="reply-text-error" autofocus{{/errors.text}}>{{form.text}}</textarea>
{{#errors.text}}<p class="field-error" id="reply-text-error">{{errors.text}}</p>{{/errors.text}}
<fieldset>
<legend>B 类答复的承诺</legend>
<p class="hint" id="promise-hint">选 B 类时必填：承诺解决的事项和完成日期，区人大将跟踪落实。</p>
<label for="reply-promise-what">承诺事项</label>
<input type="text" id="reply-promise-what" name="promiseWhat" value="{{form.promiseWhat}}" aria-describedby="promise-hint{{#errors.promiseWhat}} reply-promise-what-error{{/errors.promiseWhat}}"{{#errors.promiseWhat}} aria-invalid="true" autofocus{{/errors.promiseWhat}}>
{{#errors.promiseWhat}}<p class="field-error" id="reply-promise-what-error">{{errors.promiseWhat}}</p>{{/errors.promiseWhat}}
<label for="reply-promise-due">完成日期</label>
<input type="date" id="reply-promise-due" name="promiseDue" value="{{form.promiseDue}}"{{#errors.promiseDue}} aria-invalid="true" aria-describedby="reply-promise-due-error" autofocus{{/errors.promiseDue}}>
{{#errors.promiseDue}}<p class="field-error" id="reply-promise-due-error">{{errors.promiseDue}}</p>{{/errors.promiseDue}}
</fieldset>
<button type="submit">提交答复</button>
</form>
</section>{{/reply}}

{{#coOpinion}}<section id="co-opinion-form" aria-labelledby="co-opinion-heading">
<h2 id="co-opinion-heading">提交书面协办意见</h2>
<p class="meta">本单位为协办单位：请在期限内向主办单位提交书面意见，由主办单位统一答复代表。</p>
{{#formError}}<p class="alert" role="alert">{{formError}}</p>{{/formError}}
<form method="post" action="/cases/{{caseID}}/co-opinion#co-opinion-form">
<input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="key" value="{{key}}">
<label for="co-text">协办意见</label>
<textarea id="co-text" name="text" required{{#errors.text}} aria-invalid="true" aria-describedby="co-text-error" autofocus{{/errors.text}}>{{form.text}}</textarea>
{{#errors.text}}<p class="field-error" id="co-text-error">{{errors.text}}</p>{{/errors.text}}
<button type="submit">提交协办意见</button>
</form>
</section>{{/coOpinion}}

{{#hasCoOpinions}}<section aria-labelledby="co-opinions-heading">
<h2 id="co-opinions-heading">协办单位意见</h2>
<ul class="plain">{{#coOpinions}}<li><strong>{{unitName}}</strong> <span class="meta">{{when}}</span><p class="body">{{text}}</p></li>{{/coOpinions}}</ul>
</section>{{/hasCoOpinions}}

{{#returnForm}}<section id="return-form" aria-labelledby="return-heading">
<h2 id="return-heading">退回（不属本单位职责）</h2>
<p class="meta">可在 <time datetime="{{returnUntil}}">{{returnUntilDate}}</time> 前退回（{{returnWords}}），逾期须按交办要求办理。</p>
{{#formError}}<p class="alert" role="alert">{{formError}}</p>{{/formError}}
<form method="post" action="/cases/{{caseID}}/return#return-form">
<input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="key" value="{{key}}">
<label for="return-reason">退回理由</label>
<textarea id="return-reason" name="reason" required{{#errors.reason}} aria-invalid="true" aria-describedby="return-reason-error" autofocus{{/errors.reason}}>{{form.reason}}</textarea>
{{#errors.reason}}<p class="field-error" id="return-reason-error">{{errors.reason}}</p>{{/errors.reason}}
<button type="submit" class="secondary">退回</button>
</form>
</section>{{/returnForm}}
{{#returnClosed}}<section aria-labelledby="return-closed-heading">
<h2 id="return-closed-heading">退回</h2>
<p class="meta" id="return-closed">退回期限已于 <time datetime="{{returnUntil}}">{{returnUntilDate}}</time> 截止，请按交办要求办理。</p>
</section>{{/returnClosed}}

<section aria-labelledby="timeline-heading">
<h2 id="timeline-heading">办理过程</h2>
<ol class="timeline">
{{#events}}<li><time datetime="{{iso}}">{{when}}</time> {{note}}{{^public}} <span class="tag">不公开</span>{{/public}}</li>{{/events}}
</ol>
</section>
{{/content}}
{{/layout}}
"""#
