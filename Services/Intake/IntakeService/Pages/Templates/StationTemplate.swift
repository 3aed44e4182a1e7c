/// `/s/{code}`: the page a station's QR code opens — who the deputies are, what is coming up,
/// and the form to submit an opinion. Errors sit next to their fields; input is kept.
let stationTemplate = #"""
{{<layout}}
{{$title}}{{station.name}} · 代表有约{{/title}}
{{$content}}
<section>
<h1>{{station.name}}</h1>
<p class="meta">{{kindName}} · {{station.streetName}}</p>
<p class="meta">地址：{{station.address}}</p>
<p><a class="button" id="jump-to-form" href="#opinion">我要反映</a></p>
</section>
<section id="deputies">
<h2>驻站代表</h2>
<ul class="plain">
{{#deputies}}<li><strong>{{name}}</strong>（{{levelName}}）<br><span class="meta">{{workUnit}} · 联系方式：{{publicContact}}</span></li>
{{/deputies}}{{^deputies}}<li>暂无驻站代表信息。</li>{{/deputies}}
</ul>
</section>
<section id="activities">
<h2>近期代表有约活动</h2>
<ul class="plain">
{{#activities}}<li><strong>{{title}}</strong><br><span class="meta">{{startsAt}} · 主题：{{themeName}} · 方式：{{modeName}}</span></li>
{{/activities}}{{^activities}}<li>近期暂无安排，欢迎在下方直接留言。</li>{{/activities}}
</ul>
</section>
<section id="opinion">
<h2>反映您的意见和建议</h2>
{{#formError}}<p class="alert" role="alert">{{formError}}</p>{{/formError}}
<form id="opinion-form" method="post" action="/s/{{station.code}}" novalidate>
<input type="hidden" name="csrf" value="{{csrf}}">
<label for="category">问题类别</label>
<select id="category" name="category"{{#errors.category}} aria-invalid="true"{{/errors.category}}>
<option value="">请选择类别</option>
{{#categories}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{name}}</option>
{{/categories}}</select>
{{#errors.category}}<p class="field-error" data-field="category">{{errors.category}}</p>{{/errors.category}}
<label for="content">具体内容</label>
<textarea id="content" name="content" maxlength="2000" placeholder="请写清楚问题、地点和您的诉求（5 到 2000 字）"{{#errors.content}} aria-invalid="true"{{/errors.content}}>{{form.content}}</textarea>
{{#errors.content}}<p class="field-error" data-field="content">{{errors.content}}</p>{{/errors.content}}
<label for="place">地点（选填）</label>
<input type="text" id="place" name="place" maxlength="200" value="{{form.place}}" placeholder="如：某小区 3 号楼东门"{{#errors.place}} aria-invalid="true"{{/errors.place}}>
{{#errors.place}}<p class="field-error" data-field="place">{{errors.place}}</p>{{/errors.place}}
<label for="contact">联系方式（选填）</label>
<input type="tel" id="contact" name="contact" maxlength="100" value="{{form.contact}}" placeholder="手机号，便于回访"{{#errors.contact}} aria-invalid="true"{{/errors.contact}}>
{{#errors.contact}}<p class="field-error" data-field="contact">{{errors.contact}}</p>{{/errors.contact}}
<label class="check"><input type="checkbox" name="contactConsent" value="on"{{#form.contactConsent}} checked{{/form.contactConsent}}> 我同意留下联系方式，仅用于办理和回访本条意见</label>
{{#errors.contactConsent}}<p class="field-error" data-field="contactConsent">{{errors.contactConsent}}</p>{{/errors.contactConsent}}
<label class="check"><input type="checkbox" name="anonymous" value="on"{{#form.anonymous}} checked{{/form.anonymous}}> 匿名提交（不留联系方式）</label>
{{#errors.anonymous}}<p class="field-error" data-field="anonymous">{{errors.anonymous}}</p>{{/errors.anonymous}}
<button type="submit" id="submit-opinion">提交意见</button>
<p class="hint">提交后会得到一个回执码，凭回执码可随时查看办理进度。</p>
</form>
</section>
{{/content}}
{{/layout}}
"""#
