import Foundation

/// A statutory field of public-interest litigation (公益诉讼), with the words that suggest it.
public struct PublicInterestField: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var keywords: [String]
    /// The statutory basis on which the procuratorate may bring public-interest litigation in this
    /// field, as the referral letter cites it.
    public var basis: String
}

private let administrativeLitigation = "《中华人民共和国行政诉讼法》第二十五条第四款"
private let civilLitigation = "《中华人民共和国民事诉讼法》第五十八条第二款"

/// The 15 fields set by law as of 2024 (reference/RULES-CN.md), as data: the list grows, and a
/// district may add keywords. Categories map to fields where one obviously applies.
public let publicInterestFields: [PublicInterestField] = [
    .init(code: "ecology", name: "生态环境和资源保护", keywords: ["污染", "排污", "生态", "环境", "噪音", "扬尘", "河道", "湖泊", "垃圾", "绿地", "水质"], basis: administrativeLitigation + "、" + civilLitigation),
    .init(code: "foodDrug", name: "食品药品安全", keywords: ["食品", "药品", "餐饮", "过期", "保健品", "外卖"], basis: administrativeLitigation + "、" + civilLitigation),
    .init(code: "stateProperty", name: "国有财产保护", keywords: ["国有资产", "国有财产", "补贴", "专项资金", "挪用"], basis: administrativeLitigation),
    .init(code: "stateLand", name: "国有土地使用权出让", keywords: ["土地出让", "闲置土地", "土地使用权", "拍卖"], basis: administrativeLitigation),
    .init(code: "heroes", name: "英雄烈士保护", keywords: ["烈士", "英雄", "纪念设施", "陵园"], basis: "《中华人民共和国英雄烈士保护法》第二十五条"),
    .init(code: "minors", name: "未成年人保护", keywords: ["未成年", "学生", "校园", "儿童", "网吧"], basis: "《中华人民共和国未成年人保护法》第一百零六条"),
    .init(code: "military", name: "军人地位和权益保障", keywords: ["军人", "退役", "军属"], basis: "《中华人民共和国军人地位和权益保障法》第六十二条"),
    .init(code: "workSafety", name: "安全生产", keywords: ["安全隐患", "消防", "燃气", "电动车", "施工安全", "危化品"], basis: "《中华人民共和国安全生产法》第七十四条第二款"),
    .init(code: "personalInfo", name: "个人信息保护", keywords: ["个人信息", "隐私", "泄露", "人脸识别"], basis: "《中华人民共和国个人信息保护法》第七十条"),
    .init(code: "antiMonopoly", name: "反垄断", keywords: ["垄断", "强制交易"], basis: "《中华人民共和国反垄断法》第六十条第二款"),
    .init(code: "antiTelecomFraud", name: "反电信网络诈骗", keywords: ["诈骗", "电信", "网络诈骗"], basis: "《中华人民共和国反电信网络诈骗法》第四十七条"),
    .init(code: "agriProducts", name: "农产品质量安全", keywords: ["农产品", "农药残留", "蔬菜"], basis: "《中华人民共和国农产品质量安全法》第七十九条第二款"),
    .init(code: "womenRights", name: "妇女权益保障", keywords: ["妇女", "女职工", "性别歧视"], basis: "《中华人民共和国妇女权益保障法》第七十七条"),
    .init(code: "accessibility", name: "无障碍环境建设", keywords: ["无障碍", "盲道", "轮椅", "残疾人", "适老化"], basis: "《中华人民共和国无障碍环境建设法》第六十三条"),
    .init(code: "culturalRelics", name: "文物保护", keywords: ["文物", "历史建筑", "古建筑", "保护建筑"], basis: "《中华人民共和国文物保护法》第九十九条"),
]

/// Categories whose suggestions fall in a field by their nature.
let fieldsByCategory: [String: [String]] = [
    "environment": ["ecology"], "marketRegulation": ["foodDrug"], "publicSafety": ["workSafety"], "education": ["minors"],
]

/// The fields a suggestion seems to touch, most likely first: by its category, then by keywords
/// in its title and body. Staff confirm before anything is referred.
func proposeFields(category: String, title: String, body: String) -> [PublicInterestField] {
    let text = title + " " + body
    var scores: [String: Int] = [:]
    for code in fieldsByCategory[category] ?? [] { scores[code, default: 0] += 3 }
    for field in publicInterestFields {
        let hits = field.keywords.filter { text.contains($0) }.count
        if hits > 0 { scores[field.code, default: 0] += hits }
    }
    return publicInterestFields.filter { scores[$0.code] != nil }
        .enumerated().sorted { (scores[$0.element.code]!, -$0.offset) > (scores[$1.element.code]!, -$1.offset) }.map(\.element)
}
