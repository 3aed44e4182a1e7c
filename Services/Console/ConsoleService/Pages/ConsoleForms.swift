import Hummingbird

/// The fields of the console's forms, as posted (all optional: a missing field is a message on
/// the page, never a 500).
struct LoginForm: Decodable {
    var csrf: String?
    var login: String?
    var password: String?
}

struct PasswordForm: Decodable {
    var csrf: String?
    var current: String?
    var new: String?
    var `repeat`: String?
}

struct CodeForm: Decodable {
    var csrf: String?
    var code: String?
}

struct CSRFForm: Decodable {
    var csrf: String?
}

struct AccountForm: Decodable {
    var csrf: String?
    var login: String?
    var displayName: String?
    var role: String?
    var district: String?
    var deputy: String?
    var street: String?
    var unit: String?

    var templateValues: [String: String] {
        ["login": login ?? "", "displayName": displayName ?? "", "district": district ?? "", "deputy": deputy ?? "", "street": street ?? "", "unit": unit ?? ""]
    }
}

/// A posted form, or nil when the body is not one (too long, not form-encoded).
func decodeForm<Form: Decodable>(_ type: Form.Type, from request: Request) async -> Form? {
    guard let body = try? await request.body.collect(upTo: 16 * 1024) else { return nil }
    return try? URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body))
}

/// Fields left empty mean "not given".
func nonEmpty(_ text: String?) -> String? {
    guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
    return text
}
