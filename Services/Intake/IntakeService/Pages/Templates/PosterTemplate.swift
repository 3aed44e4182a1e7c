/// `/s/{code}/poster`: one A4 sheet to print and put up at the station.
let posterTemplate = #"""
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{station.name}} · 扫码反映意见</title>
<style>
@page{size:A4 portrait;margin:12mm}
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1f2328}
.sheet{width:186mm;min-height:270mm;margin:0 auto;padding:8mm;border:3mm solid #b3261e;text-align:center;display:flex;flex-direction:column;justify-content:space-between}
h1{font-size:30pt;margin:4mm 0 0;color:#b3261e}
h2{font-size:20pt;margin:2mm 0}
.qr{width:110mm;height:110mm;margin:4mm auto}
.qr svg{width:100%;height:100%}
.url{font-family:monospace;font-size:11pt;overflow-wrap:anywhere}
ul{list-style:none;padding:0;margin:0;font-size:12pt;columns:2}
li{margin:1mm 0;break-inside:avoid}
.address{font-size:12pt}
@media screen{body{background:#eee;padding:1rem}.sheet{background:#fff;max-width:100%}}
</style>
</head>
<body>
<div class="sheet">
<div>
<h1>代表有约 · 扫码反映意见</h1>
<h2>{{station.name}}</h2>
<p class="address">{{kindName}} · {{station.streetName}} · {{station.address}}</p>
</div>
<div class="qr">{{{qrSVG}}}</div>
<p>微信或手机相机扫一扫，即可向驻站人大代表反映意见，凭回执码查询办理进度</p>
<p class="url">{{stationURL}}</p>
<div>
<h2>驻站代表</h2>
<ul>
{{#deputies}}<li>{{name}}（{{levelName}}）{{publicContact}}</li>
{{/deputies}}</ul>
</div>
</div>
</body>
</html>
"""#
