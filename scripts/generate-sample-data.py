#!/usr/bin/env python3
"""Writes SampleData/jianghan-sample.json: INVENTED demonstration reference data for Youyue.

The file is shaped like the reference district (Jianghan District, Wuhan; see
shared/reference/RULES-CN.md): 13 sub-district / development-zone working committees, 109
communities, a deputy office (代表工作室) in every street, a reception room (代表接待室) in every
community, 12 central liaison stations (代表联络站), one liaison station in an office building
(楼宇代表联络站), three deputy homes (代表之家) in development-zone parks, and 280 deputies of the
four congress levels, each placed in one station.

Only the district and the names of its 12 streets and development zone are real. Every community
name, address, coordinate, building, park, work unit, person and phone number is invented; any
resemblance to a real person or place is coincidence. The output says so in its "sample" and
"notice" fields. A real district loads its own data file instead.

Deterministic: a fixed seed and Python's standard library only; running it twice gives the same
bytes. Usage: python3 scripts/generate-sample-data.py [OUTPUT]  (default SampleData/jianghan-sample.json
beside this script's parent folder).
"""

import json
import random
import sys
from pathlib import Path

SEED = 20240611

NOTICE = "示例数据：人物、联系方式均为虚构，仅供演示。Sample data: all people and contacts are invented."

CATEGORIES = [
    ("urbanConstruction", "城市建设"),
    ("transport", "交通出行"),
    ("environment", "环境保护"),
    ("education", "教育"),
    ("healthcare", "医疗卫生"),
    ("socialSecurity", "社会保障"),
    ("elderlyCare", "养老服务"),
    ("housingProperty", "住房物业"),
    ("marketRegulation", "市场监管与食品安全"),
    ("publicSafety", "公共安全"),
    ("businessEnvironment", "营商环境"),
    ("cultureSports", "文化体育"),
    ("other", "其他"),
]

# (code, name, kind, number of communities, invented centre latitude, longitude).
# The centres only roughly follow the district's layout: the old streets by the rivers in the
# south-east, the development zone in the north-west.
STREETS = [
    ("minzu", "民族街道", "street", 7, 30.5765, 114.2880),
    ("hualou", "花楼街道", "street", 8, 30.5805, 114.2905),
    ("shuita", "水塔街道", "street", 8, 30.5840, 114.2840),
    ("minquan", "民权街道", "street", 8, 30.5790, 114.2800),
    ("manchun", "满春街道", "street", 8, 30.5760, 114.2745),
    ("minyi", "民意街道", "street", 9, 30.5830, 114.2705),
    ("xinhua", "新华街道", "street", 11, 30.5905, 114.2675),
    ("wansong", "万松街道", "street", 11, 30.5965, 114.2610),
    ("tangjiadun", "唐家墩街道", "street", 10, 30.6105, 114.2550),
    ("beihu", "北湖街道", "street", 8, 30.5955, 114.2780),
    ("changqing", "常青街道", "street", 10, 30.6185, 114.2645),
    ("hanxing", "汉兴街道", "street", 8, 30.6255, 114.2500),
    ("kaifaqu", "江汉经济开发区", "developmentZone", 3, 30.6310, 114.2405),
]

LAT_RANGE = (30.5720, 30.6380)
LON_RANGE = (114.2320, 114.2980)

# Invented two-character community names (more than needed; the seed picks 109).
COMMUNITY_WORDS = (
    "友谊 前进 和平 振兴 复兴 长青 民生 同心 福星 建设 幸福 兴华 锦绣 金桥 紫荆 桂花 杨柳 江滨 "
    "汉水 晴川 晨光 朝阳 红旗 新春 春晖 秋实 明珠 宝善 安居 乐业 康宁 永宁 泰和 祥和 瑞祥 嘉园 "
    "怡景 雅苑 翠微 碧波 清风 明月 星光 彩虹 竹林 梅园 兰亭 荷塘 松柏 枫林 银杏 海棠 丁香 玉兰 "
    "合欢 芙蓉 青石 白沙 黄鹂 鹤鸣 鸿雁 凤凰 麒麟 龙腾 虎泉 鹿鸣 燕归 莺歌 华庭 新苑 盛世 鼎盛 "
    "恒通 汇通 联通 育才 求实 崇文 尚德 厚德 明德 致远 宁静 安康 平安 吉祥 如意 顺达 通达 兴旺 "
    "荣华 富强 文明 和谐 团结 新风 新源 源泉 清泉 甘泉 泉水 沿河 沿江 滨湖 湖畔 桥东 桥西 站北 "
    "站南 堤角 码头 渡口 货场 铁路 新桥 三眼 八角 九如 十里 百花 千禧 万福 万象 万家 方圆 广场 "
    "商城 金城 银城 玉城 锦城 花园 园林 绿洲 绿野 春江 楚天 楚风 荆楚 云梦 梦泽"
).split()

# Invented road names for addresses.
ROADS = (
    "春晖路 秋实街 晨光路 育才巷 友谊街 兴华路 同心巷 明珠路 锦绣街 紫荆路 桂花巷 杨柳街 "
    "江滨路 汉水街 晴川巷 安居路 康宁街 泰和巷 瑞祥路 嘉园街 怡景路 翠微巷 清风街 明月路 "
    "星光巷 竹林路 梅园街 兰亭巷 荷塘路 松柏街 枫林巷 银杏路 海棠街 玉兰巷 芙蓉路 鹤鸣街"
).split()

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万"
    "钱严武戴莫孔向汤"
)
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超华慧文斌玲红平刚俊鹏辉婷雪琳颖晨宇浩凯佳欣怡"
    "志建国家海燕晓东春秋冬梅兰竹菊亮光荣新德才思远航帆峰岩波涛清泉松柏立诚信安宁"
    "瑞祥嘉祺睿哲楠萱彤琪瑶晗昊然子轩梓涵雨桐诗雅婉蓉霞云飞龙虎凤鸣鹤翔"
)

# Invented organisations for work units: two-character brand + kind.
BRANDS = (
    "鸿泰 瑞丰 嘉禾 恒信 汇源 中楚 江城 汉韵 楚悦 华晟 锦程 启明 博远 和信 立达 德润 "
    "广益 众诚 新航 金鼎 润泽 宏图 卓越 远景 天禾 东湖 晴川 长江 云帆 青禾"
).split()
COMPANY_KINDS = [
    "科技有限公司", "商贸有限公司", "物业服务有限公司", "建设工程有限公司", "餐饮管理有限公司",
    "物流有限公司", "文化传媒有限公司", "医药连锁有限公司", "电子商务有限公司", "服装有限公司",
]

LEVELS = [("national", 4), ("provincial", 16), ("municipal", 50), ("district", 210)]


def clamp(value, low, high):
    return min(max(value, low), high)


def place(rng, lat, lon, spread):
    """An invented point near (lat, lon), kept inside the district's rough bounding box."""
    return (
        round(clamp(lat + rng.uniform(-spread, spread), *LAT_RANGE), 6),
        round(clamp(lon + rng.uniform(-spread, spread), *LON_RANGE), 6),
    )


def address(rng):
    return f"江汉区{rng.choice(ROADS)}{rng.randint(1, 288)}号"


def unique_name(rng, taken):
    while True:
        surname = rng.choice(SURNAMES)
        if rng.random() < 0.3:
            given = rng.choice(GIVEN_CHARS)
        else:
            given = rng.choice(GIVEN_CHARS) + rng.choice(GIVEN_CHARS)
            if given[0] == given[1] and rng.random() < 0.7:
                continue
        name = surname + given
        if name not in taken:
            taken.add(name)
            return name


# The district's handling units (一府一委两院 and the government departments), beside the street
# offices and communities generated from STREETS, and the municipal congress that municipal-tier
# suggestions are forwarded to. Names are generic department names, not real offices' details.
DEPARTMENTS = [
    ("gov-office", "区人民政府办公室", "government"),
    ("gov-housing", "区住房和城市更新局", "government"),
    ("gov-urban", "区城市管理执法局", "government"),
    ("gov-transport", "区交通运输局", "government"),
    ("gov-ecology", "区生态环境分局", "government"),
    ("gov-education", "区教育局", "government"),
    ("gov-health", "区卫生健康局", "government"),
    ("gov-hrss", "区人力资源和社会保障局", "government"),
    ("gov-civil", "区民政局", "government"),
    ("gov-market", "区市场监督管理局", "government"),
    ("gov-police", "区公安分局", "government"),
    ("gov-emergency", "区应急管理局", "government"),
    ("gov-commerce", "区商务局", "government"),
    ("gov-culture", "区文化和旅游局", "government"),
    ("gov-finance", "区财政局", "government"),
    ("supervisory-commission", "区监察委员会", "supervisoryCommission"),
    ("court", "区人民法院", "court"),
    ("procuratorate", "区人民检察院", "procuratorate"),
    ("municipal-congress", "武汉市人大常委会", "municipalCongress"),
]

# category, street ("*" = any street), tier, lead unit ("@streetOffice" = the suggestion's street
# office), co-units, complex. A street-specific rule wins over the "*" rule of its category.
ROUTING_RULES = [
    ("housingProperty", "*", "street", "@streetOffice", ["gov-housing"], False),
    ("elderlyCare", "*", "street", "@streetOffice", ["gov-civil"], False),
    ("urbanConstruction", "*", "district", "gov-urban", ["gov-housing"], False),
    ("urbanConstruction", "changqing", "municipal", "municipal-congress", [], True),
    ("transport", "*", "district", "gov-transport", ["gov-police"], False),
    ("environment", "*", "district", "gov-ecology", [], False),
    ("education", "*", "district", "gov-education", [], True),
    ("healthcare", "*", "district", "gov-health", [], False),
    ("socialSecurity", "*", "district", "gov-hrss", ["gov-finance"], False),
    ("marketRegulation", "*", "district", "gov-market", [], False),
    ("publicSafety", "*", "district", "gov-police", ["gov-emergency"], False),
    ("businessEnvironment", "*", "district", "gov-commerce", [], False),
    ("cultureSports", "*", "district", "gov-culture", [], False),
    ("other", "*", "district", "gov-office", [], False),
]


def build_units(streets, communities):
    units = [{"code": code, "name": name, "kind": kind, "street": None} for code, name, kind in DEPARTMENTS]
    units += [{"code": f"{s['code']}-office", "name": s["name"] + "办事处", "kind": "streetOffice", "street": s["code"]}
              for s in streets]
    units += [{"code": c["code"], "name": c["name"] + "居民委员会", "kind": "community", "street": c["street"]}
              for c in communities]
    return units


def build():
    rng = random.Random(SEED)

    streets = [{"code": code, "name": name, "kind": kind} for code, name, kind, *_ in STREETS]

    words = list(COMMUNITY_WORDS)
    assert len(words) == len(set(words)), "duplicate community words"
    rng.shuffle(words)
    communities = []
    by_street = {}
    for code, _, _, count, _, _ in STREETS:
        for number in range(1, count + 1):
            community = {"code": f"{code}-c{number:02d}", "name": words.pop() + "社区", "street": code}
            communities.append(community)
            by_street.setdefault(code, []).append(community)

    stations = []

    def station(code, name, kind, street, community, lat, lon, spread):
        latitude, longitude = place(rng, lat, lon, spread)
        stations.append({
            "code": code, "name": name, "kind": kind, "street": street, "community": community,
            "address": address(rng), "latitude": latitude, "longitude": longitude,
        })

    for code, name, _, _, lat, lon in STREETS:
        station(f"jh-{code}-office", f"{name}人大代表工作室", "office", code, None, lat, lon, 0.0015)
    for code, name, kind, _, lat, lon in STREETS:
        if kind != "street":
            continue
        host = rng.choice(by_street[code])
        station(f"jh-{code}-liaison", f"{name}中心人大代表联络站", "liaisonStation", code, host["code"], lat, lon, 0.003)
    station("jh-wansong-yunfan-building", "云帆大厦楼宇人大代表联络站", "liaisonStation", "wansong", None,
            30.5975, 114.2630, 0.001)
    for park_code, park in [("qihang", "启航科技园"), ("huizhi", "汇智产业园"), ("jiangpan", "江畔创意园")]:
        station(f"jh-kaifaqu-{park_code}-home", f"江汉经济开发区{park}人大代表之家", "home", "kaifaqu", None,
                30.6310, 114.2405, 0.005)
    for code, _, _, _, lat, lon in STREETS:
        for community in by_street[code]:
            station(f"jh-{community['code']}-reception", f"{community['name']}人大代表接待室", "receptionRoom",
                    code, community["code"], lat, lon, 0.006)

    # Public contact: the hosting station's invented office line (fictional 8555 block).
    phones = {s["code"]: f"027-8555{index:04d}" for index, s in enumerate(stations, start=1001)}

    levels = [level for level, count in LEVELS for _ in range(count)]
    rng.shuffle(levels)
    hubs = [s["code"] for s in stations if s["kind"] != "receptionRoom"]
    receptions = [s["code"] for s in stations if s["kind"] == "receptionRoom"]
    placements = list(hubs)  # at least one deputy in every office, liaison station and home
    while len(placements) < len(levels):
        placements.append(rng.choice(hubs) if rng.random() < 0.6 else rng.choice(receptions))
    street_of = {s["code"]: s["street"] for s in stations}
    communities_of = {code: [c["name"] for c in cs] for code, cs in by_street.items()}

    deputies = []
    taken = set()
    for number, (level, station_code) in enumerate(zip(levels, placements), start=1):
        roll = rng.random()
        if roll < 0.2:
            unit = rng.choice(communities_of[street_of[station_code]]) + "居民委员会"
        elif roll < 0.3:
            unit = f"湖北{rng.choice(BRANDS)}律师事务所"
        elif roll < 0.4:
            unit = f"江汉区{rng.choice(BRANDS)}{rng.choice(['小学', '中学', '幼儿园'])}"
        elif roll < 0.48:
            unit = f"{rng.choice(BRANDS)}{rng.choice(['医院', '社区卫生服务站', '养老院'])}"
        else:
            unit = f"武汉{rng.choice(BRANDS)}{rng.choice(COMPANY_KINDS)}"
        deputies.append({
            "code": f"dep-{number:04d}", "name": unique_name(rng, taken), "level": level,
            "workUnit": unit, "publicContact": phones[station_code], "station": station_code,
        })

    return {
        "sample": True,
        "notice": NOTICE,
        "district": {"code": "jianghan", "name": "江汉区"},
        "categories": [{"code": code, "name": name} for code, name in CATEGORIES],
        "streets": streets,
        "communities": communities,
        "stations": stations,
        "deputies": deputies,
        "units": build_units(streets, communities),
        "routingRules": [
            {"category": category, "street": street, "tier": tier, "leadUnit": lead, "coUnits": co, "complex": complex_}
            for category, street, tier, lead, co, complex_ in ROUTING_RULES
        ],
    }


def main():
    default = Path(__file__).resolve().parent.parent / "SampleData" / "jianghan-sample.json"
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(build(), ensure_ascii=False, indent=2) + "\n"
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}", file=sys.stderr)


if __name__ == "__main__":
    main()
