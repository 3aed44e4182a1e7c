/// The frame of every public page (intake's citizen pages, supervision's board, evaluation's
/// results): zh-CN, sized for a phone first, readable without scripts. A Mustache parent template:
/// pages fill `title` and `content`, and may add styles of their own in `head`.
public let pageLayoutTemplate = #"""
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="format-detection" content="telephone=no">
<title>{{$title}}代表有约{{/title}}</title>
<style>
*{box-sizing:border-box}
body{margin:0;font:16px/1.6 "PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f6f3ee}
header.site{background:#b3261e;color:#fff;padding:.6rem 1rem;font-weight:600}
header.site a{color:#fff;text-decoration:none}
main{max-width:40rem;margin:0 auto;padding:1rem}
section{background:#fff;border-radius:.5rem;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h1{font-size:1.4rem;margin:.2rem 0}
h2{font-size:1.1rem;margin:0 0 .6rem}
.meta{color:#57606a;margin:.2rem 0;overflow-wrap:anywhere}
ul.plain{list-style:none;padding:0;margin:0}
ul.plain li{padding:.5rem 0;border-top:1px solid #eee;overflow-wrap:anywhere}
ul.plain li:first-child{border-top:0}
label{display:block;font-weight:600;margin:.8rem 0 .3rem}
label.check{font-weight:400;display:flex;gap:.5rem;align-items:flex-start}
input[type=text],input[type=tel],input[type=password],select,textarea{width:100%;font:inherit;padding:.6rem;border:1px solid #8c959f;border-radius:.4rem;background:#fff}
textarea{min-height:8rem}
input[type=checkbox]{width:1.2rem;height:1.2rem;margin-top:.2rem}
button{width:100%;margin-top:1rem;padding:.8rem;font:inherit;font-weight:600;color:#fff;background:#b3261e;border:0;border-radius:.4rem}
.hint{color:#57606a;font-size:.9rem;margin:.2rem 0}
.field-error{color:#b3261e;margin:.3rem 0 0;font-size:.95rem}
[aria-invalid=true]{border-color:#b3261e}
.alert{background:#fde7e4;color:#8c1d18;padding:.8rem;border-radius:.4rem}
.code{font-size:2rem;letter-spacing:.15rem;font-family:ui-monospace,monospace;color:#b3261e}
.timeline-step time{display:block;color:#57606a;font-size:.9rem}
footer{color:#57606a;font-size:.85rem;text-align:center;padding:1rem}
table{width:100%;border-collapse:collapse;font-size:.95rem}
th,td{text-align:left;padding:.4rem;border-top:1px solid #eee;vertical-align:top}
.tag{display:inline-block;padding:0 .4rem;border-radius:.3rem;background:#eee;font-size:.85rem}
.tag.overdue{background:#fde7e4;color:#8c1d18}
.tag.key{background:#fff4ce;color:#6a4a00}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem}
form.filters select,form.filters button{width:auto;margin:0}
a.button{display:block;text-align:center;padding:.8rem;font-weight:600;color:#fff;background:#b3261e;border-radius:.4rem;text-decoration:none}
</style>
{{$head}}{{/head}}
</head>
<body>
<header class="site"><a href="{{siteHome}}">代表有约</a></header>
<main>
{{$content}}{{/content}}
</main>
<footer>人大代表履职平台 · 个人信息加密保存，公开内容已隐去电话和证件号码</footer>
</body>
</html>
"""#
