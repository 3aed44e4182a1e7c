import Contracts
import Foundation
import IntakeService

/// SplitMix64: small, fast, and the same sequence on every machine for a given seed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Makes the benchmark's opinions. Opinion `n` depends only on the seed, `n`, the count and the end
/// day, so a fill that was interrupted continues where it stopped and every run fills the same ledger.
struct OpinionGenerator {
    let seed: UInt64
    let stations: [ReferenceDataFile.Station]
    let communityNames: [String: String]
    /// How many opinions the ledger will hold: they are spread evenly over its 730 days.
    let count: Int
    /// Midnight (China Standard Time) of the day the ledger ends.
    let end: Date

    init(seed: UInt64, reference: ReferenceDataFile, count: Int, end: Date) {
        self.seed = seed
        self.stations = reference.stations
        self.communityNames = Dictionary(reference.communities.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        self.count = max(1, count)
        self.end = end
    }

    func opinion(_ index: Int) -> ImportedOpinion {
        var random = SeededRandom(state: seed &+ UInt64(index) &* 0xD1B5_4A32_D192_ED03)
        let station = stations.randomElement(using: &random)!
        let problem = pick(problems, &random)
        // Day by day in the order they arrived, as a ledger fills (rows of one day lie together on
        // disk, as they would); mostly daytime, China Standard Time.
        let day = Double(730 - index * 730 / count)
        let hour = Double(pick([7, 8, 9, 9, 10, 10, 10, 11, 11, 14, 14, 15, 15, 16, 16, 17, 19, 20, 21, 22], &random))
        let seconds = Double(Int.random(in: 0..<3600, using: &random)) + Double(Int.random(in: 0..<1000, using: &random)) / 1000
        let createdAt = end.addingTimeInterval(-day * 86_400 + hour * 3600 + seconds)
        let milliseconds = UInt64(createdAt.millisecondsSince1970)
        return ImportedOpinion(
            id: "op_" + base36(milliseconds, width: 9) + base36(random.next(), width: 13),
            receiptCode: receiptCode(&random),
            channel: pickWeighted(channels, &random),
            station: station.code, street: station.street, community: station.community,
            category: problem.category,
            content: text(problem, community: station.community.flatMap { communityNames[$0] }, &random),
            createdAt: createdAt)
    }

    /// Opening, the problem, perhaps a detail, and what is asked: 40–120 characters.
    private func text(_ problem: ProblemWords, community: String?, _ random: inout SeededRandom) -> String {
        let places = [
            "{小区}": pick(estates, &random), "{路}": pick(roads, &random),
            "{社区}": community ?? pick(estates, &random), "{楼}": "\(Int.random(in: 1...24, using: &random))" + pick(["栋", "号楼", "单元"], &random),
        ]
        var parts: [String] = []
        if Int.random(in: 0..<10, using: &random) < 8 { parts.append(pick(openings, &random)) }
        if Bool.random(using: &random) { parts.append(pick(times, &random)) }
        parts.append(pick(problem.descriptions, &random))
        if Bool.random(using: &random) { parts.append(pick(problem.details + details, &random)) }
        var body = parts.joined(separator: "，")
        for (slot, word) in places { body = body.replacingOccurrences(of: slot, with: word) }
        // The shortest request has 9 characters: a body of 31 or more makes 40.
        while body.count < 31 { body += "，" + pick(details, &random) }
        let content = body + "，" + pick(requests, &random)
        return content.count > 120 ? String(content.prefix(119)) + "。" : content
    }

    private func receiptCode(_ random: inout SeededRandom) -> String {
        let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
        let characters = (0..<10).map { _ in alphabet.randomElement(using: &random)! }
        return String(characters[0..<4]) + "-" + String(characters[4..<8]) + "-" + String(characters[8..<10])
    }
}

private func pick<T>(_ choices: [T], _ random: inout SeededRandom) -> T { choices.randomElement(using: &random)! }

private func pickWeighted<T>(_ choices: [(T, Int)], _ random: inout SeededRandom) -> T {
    var ticket = Int.random(in: 0..<choices.reduce(0) { $0 + $1.1 }, using: &random)
    for (choice, weight) in choices {
        if ticket < weight { return choice }
        ticket -= weight
    }
    return choices[0].0
}

private func base36(_ value: UInt64, width: Int) -> String {
    let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz")
    var rest = value
    var text: [Character] = []
    for _ in 0..<width {
        text.append(digits[Int(rest % 36)])
        rest /= 36
    }
    return String(text.reversed())
}

// MARK: - Vocabulary

struct ProblemWords {
    let category: String
    let descriptions: [String]
    let details: [String]
}

/// Words the query phase searches for: mostly two characters, some longer, some one.
let searchWords: (two: [String], long: [String], one: [String]) = (
    two: ["电梯", "路灯", "停车", "噪音", "物业", "学位", "养老", "垃圾", "漏水", "积水", "看病", "食堂", "充电", "油烟", "公交", "医保", "绿化", "施工"],
    long: ["加装电梯", "下水道", "垃圾分类", "停车难", "老旧小区", "红绿灯", "消防通道", "养老助餐"],
    one: ["水", "灯", "车", "楼"])

private let channels: [(OpinionChannel, Int)] = [
    (.qrOnline, 45), (.reception, 25), (.visit, 10), (.research, 5), (.activity, 10), (.open311, 5),
]

private let estates = [
    "万松园小区", "新华家园", "常青花园", "唐家墩小区", "民意里", "江汉花园", "复兴村", "北湖小区", "汉兴苑", "菱角湖小区",
    "西北湖小区", "杨汊湖小区", "贺家墩小区", "红旗渠小区", "前进村", "天门墩小区", "马场角小区", "大兴路小区", "新村", "建设新村",
    "泰合花园", "锦绣江南", "航空花园", "青年城", "江南家园", "金色华府", "花楼水塔小区", "满春里", "民权里", "三眼桥小区",
]
private let roads = [
    "解放大道", "建设大道", "发展大道", "新华路", "青年路", "唐家墩路", "万松园路", "江汉路", "中山大道", "前进一路",
    "黄石路", "友谊路", "航空路", "雪松路", "北湖正街", "常青路", "姑嫂树路", "大兴路", "花楼街", "汉正街", "三眼桥路", "红旗渠路",
]
private let openings = [
    "我是{社区}的居民", "我家住在{小区}{楼}", "我是{路}上的商户", "{社区}的几位老人反映", "我们{小区}的业主反映",
    "住在{路}附近的居民反映", "我在{社区}住了二十多年", "作为{小区}的业委会成员",
]
private let times = ["最近一段时间", "近两个月来", "今年以来", "每天晚上", "一到下雨天", "从去年开始", "这几年"]
private let details = [
    "已经向社区反映过多次，至今没有解决", "打过市民热线，答复说正在协调", "附近住户意见很大", "影响了居民的正常生活", "存在安全隐患",
    "老人和孩子尤其不方便", "问题拖了很久", "物业和社区互相推诿",
]
private let requests = [
    "希望代表帮助协调解决。", "恳请有关部门尽快处理。", "建议街道牵头研究解决办法。", "希望能在今年内解决。", "请代表向上反映，盼复。",
    "希望加强日常管理。", "希望给居民一个明确答复。",
]

private let problems: [ProblemWords] = [
    ProblemWords(category: "housingProperty", descriptions: [
        "{小区}是上世纪九十年代的老旧小区，没有电梯，老人上下楼非常困难，希望加装电梯",
        "{楼}加装电梯的意见已经征得大多数住户同意，但低层住户反对，审批一直没有进展",
        "老旧小区加装电梯的补贴政策不清楚，居民不知道找哪个部门",
    ], details: ["七楼的老人已经半年没下过楼", "加装电梯的资金分摊谈不拢"]),
    ProblemWords(category: "housingProperty", descriptions: [
        "{小区}物业费今年上涨了三成，但保洁和安保没有任何改善",
        "物业公司撤场后小区无人管理，垃圾堆积，门禁损坏",
        "{楼}楼顶漏水，每逢下雨家里墙面发霉，物业说维修基金用不了",
        "二次供水设施老化，高层水压不足，早晚用水高峰经常停水",
    ], details: ["业主多次找物业都没有结果", "维修资金的使用程序太复杂"]),
    ProblemWords(category: "transport", descriptions: [
        "{小区}车位严重不足，晚上停车难，车辆停满消防通道",
        "{路}路边停车收费不规范，停车难问题越来越突出",
        "{路}路口的红绿灯时间太短，老人过马路很危险",
        "{路}公交站点撤销后，附近居民出行要走很远，希望恢复公交线路",
        "共享单车在{路}人行道上乱停乱放，行人无法通行",
    ], details: ["上下班高峰经常堵车", "曾经发生过剐蹭事故"]),
    ProblemWords(category: "urbanConstruction", descriptions: [
        "{路}一段路灯不亮已经一个多月，晚上出行很不安全",
        "{小区}门口下水道堵塞，污水漫到路面，气味难闻",
        "{路}雨后积水严重，最深处没过脚踝，下水道排水不畅",
        "{路}人行道砖块松动破损，老人容易摔倒",
        "{路}道路施工围挡占道半年多，施工进度缓慢",
    ], details: ["晚上骑车的人摔倒过好几次", "施工单位没有公示工期"]),
    ProblemWords(category: "environment", descriptions: [
        "{路}附近工地夜间施工，噪音扰民，居民无法休息",
        "{小区}广场舞音响声音太大，晚上十点还不停，噪音扰民",
        "楼下餐馆油烟直排，{楼}的住户不敢开窗",
        "{小区}垃圾分类只是摆了几个桶，实际上还是混装混运",
        "{社区}垃圾清运不及时，夏天垃圾站气味很大",
        "{路}绿化带被改成停车位，树木被砍，希望恢复绿化",
    ], details: ["噪音超过了夜间标准", "居民拍了视频作为证据"]),
    ProblemWords(category: "education", descriptions: [
        "{社区}学位紧张，孩子明年上小学不知道能否就近入学",
        "{路}小学放学时接送车辆拥堵，孩子过马路不安全",
        "双职工家庭孩子放学后没人照看，希望学校提供课后托管",
        "附近普惠性幼儿园太少，学位紧张，私立园收费太高",
    ], details: ["今年适龄儿童明显增多", "家长们都很焦虑"]),
    ProblemWords(category: "healthcare", descriptions: [
        "社区卫生服务中心常用药品不全，看病还要跑大医院",
        "{路}附近的医院挂号排队时间太长，老人看病难",
        "家庭医生签约后基本联系不上，没有起到作用",
        "社区卫生服务中心周末不开门，小孩发烧看病难",
    ], details: ["慢性病老人每月都要开药", "预约挂号对老人太难"]),
    ProblemWords(category: "elderlyCare", descriptions: [
        "{社区}老人多，希望开办养老助餐点，解决老人吃饭难",
        "社区食堂饭菜价格上涨，独居老人负担不起，希望恢复助餐补贴",
        "{小区}没有适老化改造，楼道没有扶手，老人上下楼不便",
        "居家养老服务上门次数太少，失能老人照护困难",
    ], details: ["独居老人越来越多", "子女都不在身边"]),
    ProblemWords(category: "socialSecurity", descriptions: [
        "医保异地报销手续繁琐，老人来回跑了好几趟",
        "灵活就业人员社保缴费基数太高，负担很重",
        "低保复核程序不透明，困难家庭不知道为什么被取消",
    ], details: ["工作人员解释不清楚", "网上办理对老人太难"]),
    ProblemWords(category: "marketRegulation", descriptions: [
        "{路}菜市场有商贩缺斤短两，投诉后没人处理",
        "{小区}附近小餐馆卫生条件差，食品安全让人担心",
        "学校周边小卖部出售三无食品，希望加强监管",
    ], details: ["有居民吃了以后拉肚子", "市场管理方不作为"]),
    ProblemWords(category: "publicSafety", descriptions: [
        "{小区}电动车在楼道充电，飞线充电现象严重，存在火灾隐患",
        "{小区}消防通道被私家车长期占用，消防车根本进不来",
        "{小区}监控探头大多损坏，最近发生了几起电动车被盗",
        "希望在{小区}增设电动车集中充电桩",
    ], details: ["之前附近发生过火灾", "晚上门卫经常不在岗"]),
    ProblemWords(category: "businessEnvironment", descriptions: [
        "{路}夜市占道经营，摊贩和居民矛盾很大",
        "小微企业办理证照要跑好几个窗口，希望一窗通办",
        "{路}商铺招牌整治标准不统一，商户无所适从",
    ], details: ["商户们希望有明确的标准", "整治通知来得太突然"]),
    ProblemWords(category: "cultureSports", descriptions: [
        "{社区}健身器材损坏多年没人维修，老人锻炼时受伤",
        "{路}附近没有篮球场，年轻人没有运动的地方",
        "社区图书室长期关门，希望开放给居民和学生",
    ], details: ["周边没有其他活动场地", "居民愿意参与日常管理"]),
    ProblemWords(category: "other", descriptions: [
        "{小区}快递柜太少，快递经常堆在门口丢失",
        "{小区}地下室手机信号很差，遇到紧急情况打不出电话",
        "{路}的流浪猫狗越来越多，晚上叫声扰民",
    ], details: ["希望社区出面协调", "问题虽小但天天遇到"]),
]
