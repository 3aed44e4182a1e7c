/// The console's pages: zh-CN, for a phone first, in the shared layout.
let consoleTemplates: [String: String] = [
    "login": loginTemplate, "password": passwordTemplate, "home": homeTemplate, "accounts": accountsTemplate,
    "code": codeTemplate, "totp": totpTemplate,
]

let loginTemplate = #"""
{{<layout}}
{{$title}}登录 · 代表有约工作平台{{/title}}
{{$content}}
<section>
<h1>工作平台登录</h1>
<p class="meta">人大代表、街道和区人大工作人员、承办单位、检察机关工作人员使用。群众反映意见无需登录。</p>
{{#formError}}<p class="alert" role="alert">{{formError}}</p>{{/formError}}
<form method="post" action="/login">
<input type="hidden" name="csrf" value="{{csrf}}">
<label for="login">登录名</label>
<input type="text" id="login" name="login" value="{{login}}" autocomplete="username" autocapitalize="none" spellcheck="false" required>
<label for="password">密码</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">登录</button>
</form>
{{#identityProvider}}<p class="meta">或使用本区统一身份认证账号：</p>
<a class="button" href="/login/oidc">统一身份认证登录</a>{{/identityProvider}}
</section>
{{/content}}
{{/layout}}
"""#

let passwordTemplate = #"""
{{<layout}}
{{$title}}设置新密码 · 代表有约工作平台{{/title}}
{{$content}}
<section>
<h1>设置新密码</h1>
{{#mustChange}}<p class="meta">这是首次登录或密码已被重设，请先设置自己的密码。</p>{{/mustChange}}
{{#formError}}<p class="alert" role="alert">{{formError}}</p>{{/formError}}
<form method="post" action="/password">
<input type="hidden" name="csrf" value="{{csrf}}">
<label for="current">当前密码</label>
<input type="password" id="current" name="current" autocomplete="current-password" required>
<label for="new">新密码</label>
<input type="password" id="new" name="new" autocomplete="new-password" minlength="10" aria-describedby="new-hint" required>
<p class="hint" id="new-hint">至少 10 位，不能与登录名或当前密码相同。</p>
<label for="repeat">再次输入新密码</label>
<input type="password" id="repeat" name="repeat" autocomplete="new-password" minlength="10" required>
<button type="submit">保存新密码</button>
</form>
</section>
{{/content}}
{{/layout}}
"""#

let homeTemplate = #"""
{{<layout}}
{{$title}}工作平台 · 代表有约{{/title}}
{{$head}}<style>
.notice{background:#e6f4ea;color:#1e4620;padding:.8rem;border-radius:.4rem}
ul.plain a{display:block;padding:.3rem 0}
button.secondary{color:#b3261e;background:#fff;border:1px solid #b3261e}
</style>{{/head}}
{{$content}}
<section>
<h1>{{displayName}}，您好</h1>
<p class="meta">{{roleName}} · {{district}}{{#scope}} · {{scope}}{{/scope}}</p>
{{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
</section>
<section>
<h2>常用</h2>
<ul class="plain">
{{#isAdmin}}<li><a href="/accounts">账号管理</a></li>{{/isAdmin}}
\#(ownAccountAndSignOut)
</section>
{{/content}}
{{/layout}}
"""#

let accountsTemplate = #"""
{{<layout}}
{{$title}}账号管理 · 代表有约工作平台{{/title}}
{{$head}}<style>
#one-time-password{font-size:1.3rem;white-space:nowrap}
</style>{{/head}}
{{$content}}
{{#created}}
<section>
<h1>已创建账号 {{login}}</h1>
<p>一次性密码（只显示这一次，请当面或通过安全渠道交给本人，首次登录须修改）：</p>
<p class="code" id="one-time-password">{{password}}</p>
</section>
{{/created}}
{{#formError}}<p class="alert" role="alert">{{formError}}</p>{{/formError}}
<section>
<h1>添加账号</h1>
<form method="post" action="/accounts">
<input type="hidden" name="csrf" value="{{csrf}}">
<label for="login">登录名</label>
<input type="text" id="login" name="login" value="{{form.login}}" autocapitalize="none" spellcheck="false" required {{#errors.login}}aria-invalid="true" aria-describedby="login-error"{{/errors.login}}>
{{#errors.login}}<p class="field-error" id="login-error">{{errors.login}}</p>{{/errors.login}}
<label for="displayName">姓名</label>
<input type="text" id="displayName" name="displayName" value="{{form.displayName}}" required {{#errors.displayName}}aria-invalid="true" aria-describedby="displayName-error"{{/errors.displayName}}>
{{#errors.displayName}}<p class="field-error" id="displayName-error">{{errors.displayName}}</p>{{/errors.displayName}}
<label for="role">角色</label>
<select id="role" name="role">
{{#roles}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/roles}}
</select>
<label for="district">所属区</label>
<input type="text" id="district" name="district" value="{{form.district}}" autocapitalize="none" spellcheck="false" required aria-describedby="district-hint{{#errors.district}} district-error{{/errors.district}}" {{#errors.district}}aria-invalid="true"{{/errors.district}}>
<p class="hint" id="district-hint">区代码，例如江汉区填 jianghan。</p>
{{#errors.district}}<p class="field-error" id="district-error">{{errors.district}}</p>{{/errors.district}}
<label for="deputy">代表编号（代表账号填写）</label>
<input type="text" id="deputy" name="deputy" value="{{form.deputy}}" {{#errors.deputy}}aria-invalid="true" aria-describedby="deputy-error"{{/errors.deputy}}>
{{#errors.deputy}}<p class="field-error" id="deputy-error">{{errors.deputy}}</p>{{/errors.deputy}}
<label for="street">街道代码（街道工作人员填写）</label>
<input type="text" id="street" name="street" value="{{form.street}}" {{#errors.street}}aria-invalid="true" aria-describedby="street-error"{{/errors.street}}>
{{#errors.street}}<p class="field-error" id="street-error">{{errors.street}}</p>{{/errors.street}}
<label for="unit">单位代码（承办单位填写）</label>
<input type="text" id="unit" name="unit" value="{{form.unit}}" {{#errors.unit}}aria-invalid="true" aria-describedby="unit-error"{{/errors.unit}}>
{{#errors.unit}}<p class="field-error" id="unit-error">{{errors.unit}}</p>{{/errors.unit}}
<button type="submit">添加</button>
</form>
</section>
<section>
<h2>现有账号</h2>
<ul class="plain">
{{#accounts}}<li><strong>{{displayName}}</strong>　{{login}}<br><span class="meta">{{roleName}}{{#scope}} · {{scope}}{{/scope}} · {{statusName}}</span></li>{{/accounts}}
</ul>
</section>
<p><a href="/">返回工作台</a></p>
{{/content}}
{{/layout}}
"""#

let codeTemplate = #"""
{{<layout}}
{{$title}}输入验证码 · 代表有约工作平台{{/title}}
{{$content}}
<section>
<h1>两步验证</h1>
<p class="meta">请打开手机上的身份验证器，输入“有约工作平台”当前显示的 6 位数字。</p>
{{#formError}}<p class="alert" role="alert">{{formError}}</p>{{/formError}}
<form method="post" action="/login/code">
<input type="hidden" name="csrf" value="{{csrf}}">
<label for="code">验证码</label>
<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
<button type="submit">确认</button>
</form>
</section>
{{/content}}
{{/layout}}
"""#

let totpTemplate = #"""
{{<layout}}
{{$title}}开启两步验证 · 代表有约工作平台{{/title}}
{{$head}}<style>
.qr{max-width:16rem;margin:1rem auto}
.qr svg{display:block;width:100%;height:auto}
#secret{font-size:1.2rem;overflow-wrap:anywhere}
</style>{{/head}}
{{$content}}
<section>
<h1>开启两步验证</h1>
{{#required}}<p class="meta">管理员和区人大工作人员须开启两步验证后才能使用工作平台。</p>{{/required}}
<p>用手机上的身份验证器（如 FreeOTP、Google Authenticator、微信小程序“腾讯身份验证器”）扫描下方二维码：</p>
<div class="qr">{{{qr}}}</div>
<p class="hint">无法扫码时，在身份验证器中手动输入密钥：</p>
<p class="code" id="secret">{{secret}}</p>
{{#formError}}<p class="alert" role="alert">{{formError}}</p>{{/formError}}
<form method="post" action="/totp">
<input type="hidden" name="csrf" value="{{csrf}}">
<label for="code">身份验证器显示的 6 位验证码</label>
<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
<button type="submit">确认开启</button>
</form>
</section>
{{/content}}
{{/layout}}
"""#

/// The end of every home page: one's own password and second factor, and signing out. Closes the
/// list the page opened, so a role's home can put its own links first.
let ownAccountAndSignOut = #"""
<li><a href="/password">修改密码</a></li>
{{#mayEnrol}}<li><a href="/totp">开启两步验证</a></li>{{/mayEnrol}}
</ul>
<form method="post" action="/logout">
<input type="hidden" name="csrf" value="{{csrf}}">
<button type="submit" class="secondary">退出登录</button>
</form>
"""#
