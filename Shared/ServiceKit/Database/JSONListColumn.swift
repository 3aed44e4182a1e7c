import Foundation

/// A list of strings kept in one TEXT column as a JSON array (co-signers, co-units, participants).
public func jsonList(_ list: [String]) -> String {
    String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self)
}

/// The list back from its column; a column that is not a JSON list of strings reads as empty.
public func decodeJSONList(_ text: String) -> [String] {
    (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
}
