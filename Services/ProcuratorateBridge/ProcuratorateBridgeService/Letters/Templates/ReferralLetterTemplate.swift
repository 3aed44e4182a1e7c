/// `/referrals/{id}/letter`: 《公益诉讼案件线索移送函》 as a formal A4 letter. On a phone it reads like
/// the other pages; printed, the site's header and footer and the hints disappear and the letter
/// fills the sheet in the type of official documents.
let referralLetterTemplate = #"""
{{<layout}}
{{$title}}公益诉讼案件线索移送函 {{number}}{{/title}}
{{$content}}
<style>
.letter{font-family:"FangSong","STFangsong","Noto Serif CJK SC","Source Han Serif SC","Songti SC",serif;font-size:1.05rem;line-height:1.9}
.letter h1{font-family:"SimSun","Noto Serif CJK SC","Songti SC",serif;text-align:center;font-size:1.6rem;color:#b3261e;letter-spacing:.1rem;margin:.5rem 0}
.letter .number{text-align:center;margin:0 0 1rem}
.letter h2{font-family:"SimHei","Noto Sans CJK SC","PingFang SC",sans-serif;font-size:1.05rem;margin:1rem 0 .3rem}
.letter p{margin:.3rem 0;overflow-wrap:anywhere}
.letter .indent{text-indent:2em}
.letter ol{margin:.3rem 0;padding-left:2em}
.letter .closing{margin-top:1.5rem}
.letter .issuer{text-align:right;margin-top:2.5rem}
.letter .issuer p{margin:0}
.verification{font-size:.85rem;line-height:1.6;border-top:1px solid #8c959f;margin-top:2rem;padding-top:.6rem}
.verification h2{font-size:.95rem;margin:0 0 .3rem}
.verification code{font-family:ui-monospace,monospace;overflow-wrap:anywhere;word-break:break-all}
.verification dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .6rem;margin:.3rem 0}
.verification dt{color:#57606a}
.verification dd{margin:0;overflow-wrap:anywhere}
@page{size:A4;margin:25mm 22mm 20mm}
@media print{
header.site,footer,.no-print{display:none!important}
body{background:#fff;color:#000}
main{max-width:none;padding:0;margin:0}
section{box-shadow:none;border-radius:0;padding:0;margin:0}
.letter{font-size:16pt;line-height:1.75}
.letter h1{font-size:22pt}
.letter h2{font-size:16pt}
.verification{font-size:9pt;break-inside:avoid}
.verification dl{display:block}
.verification dt{display:inline}
.verification dd{display:inline}
.verification dd::after{content:"";display:block}
}
</style>
<section class="no-print">
<p class="meta">移送编号 {{referral}} · 当前阶段：{{stageName}}</p>
<p class="hint">使用浏览器的“打印”即可得到 A4 公文样式（打印时不含本提示和网站导航），加盖公章后送达。</p>
</section>
<section class="letter" id="letter">
<h1>公益诉讼案件线索移送函</h1>
<p class="number" id="letter-number">{{number}}</p>
<p id="addressee">{{addressee}}：</p>
<p class="indent">我委在代表建议办理工作中发现，人大代表{{leadDeputy}}{{#hasCoSigners}}等{{/hasCoSigners}}提出的《{{title}}》所反映的问题，可能涉及{{fieldNames}}领域的国家利益或者社会公共利益受到侵害。根据有关法律规定，现将该线索移送你院，请依法审查处理，并将受理、立案及办理情况及时反馈我委。</p>
<h2>一、建议标题</h2>
<p class="indent">《{{title}}》</p>
<h2>二、提出建议的代表</h2>
<p class="indent">领衔代表：{{leadDeputy}}</p>
{{#hasCoSigners}}<p class="indent">附议代表：{{coSigners}}</p>{{/hasCoSigners}}
<h2>三、涉及地点</h2>
<p class="indent" id="place">{{place}}</p>
<h2>四、基本事实</h2>
<div id="facts">
{{#facts}}<p class="indent">{{.}}</p>
{{/facts}}</div>
<h2>五、涉及的公益诉讼领域及法律依据</h2>
<ol id="fields">
{{#fields}}<li>{{name}}：{{basis}}</li>
{{/fields}}</ol>
<h2>六、附件</h2>
<ol id="attachments">
{{#attachments}}<li>{{text}}</li>
{{/attachments}}</ol>
<p class="indent closing">特此函告。</p>
<div class="issuer">
<p id="issuer">{{issuer}}</p>
<p id="letter-date">{{date}}</p>
</div>
<div class="verification" id="verification">
<h2>电子签名核验</h2>
<p>本函内容与移送编号 {{referral}}（建议编号 {{suggestion}}）的电子数据文件一致，该文件已由{{issuer}}以数字签名。</p>
<dl>
<dt>签名算法</dt><dd><code>{{algorithm}}</code></dd>
<dt>公钥指纹（{{digestName}}）</dt><dd><code id="key-fingerprint">{{keyFingerprint}}</code></dd>
<dt>文件摘要（{{digestName}}）</dt><dd><code id="document-digest">{{documentDigest}}</code></dd>
<dt>公钥</dt><dd><code>{{keysURL}}</code></dd>
<dt>电子文件</dt><dd><code>{{procuratorateDocumentURL}}</code>（检察院）、<code>{{staffDocumentURL}}</code>（人大常委会）</dd>
</dl>
<p>核验方法：从上述地址取得公钥（publicKey，Base64 编码的 SubjectPublicKeyInfo DER），核对其{{digestName}}指纹与本函所列一致；取得电子文件中的 signedDocument（Base64）解码得到原文字节，核对其{{digestName}}摘要与本函所列一致；再以 {{algorithm}} 用该公钥验证 signature（Base64，DER 编码）对原文字节的签名{{#sm2}}（SM2 签名者标识取 GB/T 35276 默认值 1234567812345678）{{/sm2}}。验证通过，即证明本函出自{{issuer}}且内容未被改动。</p>
</div>
</section>
{{/content}}
{{/layout}}
"""#
