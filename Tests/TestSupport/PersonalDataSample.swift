/// Free text with every kind of personal data a public page must never show, for the tests that
/// put it through a public surface and look for it in the raw answer.
public enum PersonalDataSample {
    public static let text = "联系人：王小明，电话13812345678，身份证42010219900101123X，旧身份证420102900101123，邮箱wang.xm@example.com，手机１３９１２３４５６７８"
    /// How the email shows once masked: proof that the text was shown at all.
    public static let maskedEmail = "w***@example.com"
    static let pieces = ["王小明", "13812345678", "42010219900101123X", "420102900101123", "wang.xm@example.com", "wang.xm", "１３９１２３４５６７８"]

    /// The pieces of personal data that `body` shows.
    public static func leaks(in body: String) -> [String] {
        pieces.filter { body.contains($0) }
    }
}
