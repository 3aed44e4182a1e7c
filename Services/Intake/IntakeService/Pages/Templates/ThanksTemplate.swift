/// After a submission from a station page: the receipt code, large enough to copy or photograph.
let thanksTemplate = #"""
{{<layout}}
{{$title}}提交成功 · 代表有约{{/title}}
{{$content}}
<section>
<h1>感谢您的意见！</h1>
<p>{{stationName}}已收到您反映的问题。请记下您的回执码：</p>
<p><strong id="receipt-code" class="code">{{receiptCode}}</strong></p>
<p class="hint">凭回执码可随时查看办理进度，也可以拨打站点电话时报出回执码。</p>
<p><a id="receipt-link" href="/r/{{receiptCode}}">查看办理进度</a></p>
<p><a href="/s/{{station}}">返回站点页面</a> · <a href="/">返回首页</a></p>
</section>
{{/content}}
{{/layout}}
"""#
