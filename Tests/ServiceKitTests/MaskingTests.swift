import Foundation
import Testing

@testable import ServiceKit
import TestSupport

@Suite("Masking personal data in free text")
struct MaskingTests {
    @Test(arguments: [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("+8613812345678", "+86138****5678"),
        ("+86 138 1234 5678", "+86 138****5678"),
        ("+86-19912345678", "+86-199****5678"),
    ])
    func mobileNumbers(input: String, expected: String) {
        #expect(maskPersonalData(input) == expected)
    }

    @Test(arguments: [
        ("027-85551234", "027-******34"),
        ("(027)85551234", "(027)******34"),
        ("（027）85551234", "（027）******34"),
        ("02785551234", "027******34"),
        ("010-6555123", "010-*****23"),
        ("0755-26661234", "0755-******34"),
        ("0755 2666123", "0755 *****23"),
    ])
    func landlines(input: String, expected: String) {
        #expect(maskPersonalData(input) == expected)
    }

    @Test(arguments: [
        ("420102199001011234", "420102********1234"),
        ("42010219900101123X", "420102********123X"),
        ("42010219900101123x", "420102********123x"),
    ])
    func idNumbers(input: String, expected: String) {
        #expect(maskPersonalData(input) == expected)
    }

    @Test(arguments: [
        ("420102900101123", "420102******123"),
        ("身份证号110105491231002。", "身份证号110105******002。"),
    ])
    func firstGenerationIDNumbers(input: String, expected: String) {
        #expect(maskPersonalData(input) == expected)
    }

    @Test(arguments: [
        ("１３８１２３４５６７８", "１３８****５６７８"),
        ("电话：１３８－１２３４－５６７８。", "电话：１３８****５６７８。"),
        ("＋８６ １３８１２３４５６７８", "＋８６ １３８****５６７８"),
        ("０２７－８５５５１２３４", "０２７－******３４"),
        ("４２０１０２１９９００１０１１２３Ｘ", "４２０１０２********１２３Ｘ"),
        ("42010219900101123Ｘ", "420102********123Ｘ"),
        ("４２０１０２９００１０１１２３", "４２０１０２******１２３"),
    ])
    func fullWidthDigits(input: String, expected: String) {
        #expect(maskPersonalData(input) == expected)
    }

    @Test(arguments: [
        ("zhang.san@example.com", "z***@example.com"),
        ("邮箱zhangsan@163.com，谢谢", "邮箱z***@163.com，谢谢"),
        ("请回复至 Li_Si+yy@mail.example.org.cn.", "请回复至 L***@mail.example.org.cn."),
        ("13812345678@qq.com", "1***@qq.com"),
        ("邮件：wang@example.com。电话13812345678", "邮件：w***@example.com。电话138****5678"),
        ("a@b.cn", "a***@b.cn"),
        ("zhang＠example.com", "z***＠example.com"),
    ])
    func emailAddresses(input: String, expected: String) {
        #expect(maskPersonalData(input) == expected)
    }

    @Test(arguments: [
        ("联系人：王小明，电话见附件", "联系人：王**，电话见附件"),
        ("姓名: 张三", "姓名: 张*"),
        ("反映人：欧阳娜娜反映小区停车难", "反映人：欧**娜反映小区停车难"),
        ("联系人电话见附件", "联系人电话见附件"),
    ])
    func namesAfterALabel(input: String, expected: String) {
        #expect(maskPersonalData(input) == expected)
    }

    @Test func maskingTwiceChangesNothingMore() {
        let text = "联系人：王小明，邮箱wang.xm@example.com，电话13812345678，身份证420102900101123、42010219900101123X"
        let once = maskPersonalData(text)
        #expect(maskPersonalData(once) == once)
        #expect(!once.contains("wang.xm") && !once.contains("小明") && !once.contains("900101"))
    }

    @Test func severalNumbersInOneChineseSentence() {
        let text = "居民张某（身份证420102199001011234）反映小区电梯问题，联系电话138-1234-5678，办公室(027)85551234，2026年3月已投入12000元。"
        let expected = "居民张某（身份证420102********1234）反映小区电梯问题，联系电话138****5678，办公室(027)******34，2026年3月已投入12000元。"
        #expect(maskPersonalData(text) == expected)
    }

    @Test func numbersRightNextToChineseCharacters() {
        #expect(maskPersonalData("电话13812345678谢谢") == "电话138****5678谢谢")
        #expect(maskPersonalData("请拨027-85551234。") == "请拨027-******34。")
    }

    @Test(arguments: [
        "2026年5月1日",
        "2026-05-01",
        "投入资金12000元",
        "预算 1,380,000 元",
        "民意街道128号3栋2单元1401室",
        "订单号138123456789012",  // 15 digits: not a phone inside a longer run
        "编号9138123456789",  // 13 digits
        "流水号4201021990010112345",  // 19 digits: not an ID
        "0.5公里",
        "合同编号2026001234",
        "门牌 0123456",
        "138 1234",
        "订单号420102991301123",  // 15 digits whose "birth date" has month 13: not an ID
        "单号912345678901234",  // 15 digits starting 9: no province
        "发邮件至@某某单位",
        "版本 v1.2@beta",
        "user@localhost",
    ])
    func ordinaryNumbersAreUntouched(text: String) {
        #expect(maskPersonalData(text) == text)
    }

    @Test func emptyAndPlainText() {
        #expect(maskPersonalData("") == "")
        #expect(maskPersonalData("没有号码的意见") == "没有号码的意见")
    }
}

@Suite("PublicText: free text on its way to the public")
struct PublicTextTests {
    struct View: Codable, Equatable {
        var title: PublicText
        var note: PublicText?
    }

    @Test func madeEncodedAndDecodedOnlyMasked() throws {
        let raw = "联系人：王小明，wang@example.com，13812345678"
        let masked = "联系人：王**，w***@example.com，138****5678"
        #expect(PublicText(raw).text == masked)
        let json = try SortedJSONEncoder().encodeToString(View(title: PublicText(raw), note: nil))
        #expect(json == #"{"title":"\#(masked)"}"#)
        // Whatever a peer or an old row sends, a PublicText read from it is masked too.
        let decoded = try JSONDecoder().decode(View.self, from: Data(#"{"title":"\#(raw)","note":"身份证420102900101123"}"#.utf8))
        #expect(decoded.title.text == masked && decoded.note == "身份证420102******123")
    }
}
