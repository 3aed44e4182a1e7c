import Testing

@testable import IntakeService

@Suite("Chinese bigram search and similarity")
struct ChineseBigramsTests {
    /// Whether a document is found by AND-ing the query's tokens against the document's index text,
    /// split the way FTS5's unicode61 tokenizer and PostgreSQL's `simple` parser split it.
    private func finds(_ query: String, in document: String) -> Bool {
        let indexed = Set(indexText(document).split(separator: " ").map(String.init))
        let wanted = queryTokens(query)
        return !wanted.isEmpty && wanted.allSatisfy(indexed.contains)
    }

    @Test func bigramsOfARun() {
        #expect(searchTokens("老旧小区加装电梯") == ["老旧", "旧小", "小区", "区加", "加装", "装电", "电梯"])
        #expect(queryTokens("电梯") == ["电梯"])
        #expect(queryTokens("小区加装") == ["小区", "区加", "加装"])
    }

    @Test func twoCharacterQueryIsFoundInsideALongerRun() {
        #expect(finds("电梯", in: "老旧小区加装电梯"))
        #expect(finds("加装电梯", in: "老旧小区加装电梯"))
        #expect(finds("老旧小区", in: "建议老旧小区加装电梯。"))
        #expect(!finds("燃气", in: "老旧小区加装电梯"))
        #expect(!finds("电梯维修", in: "老旧小区加装电梯"))
    }

    @Test func oneCharacterQuery() {
        #expect(queryTokens("梯") == ["梯"])
        #expect(searchTokens("梯") == ["梯"])
        // Found anywhere in a run: first, middle, last character.
        #expect(finds("梯", in: "老旧小区加装电梯"))
        #expect(finds("老", in: "老旧小区加装电梯"))
        #expect(finds("区", in: "老旧小区加装电梯"))
        #expect(!finds("气", in: "老旧小区加装电梯"))
        // A lone character in the document is its own token and is not stored twice.
        #expect(indexText("梯 A") == "梯 a")
        // Unigrams follow all the bigrams, so the bigrams of a run stay adjacent for phrase queries.
        #expect(indexText("加装电梯") == "加装 装电 电梯 加 装 电 梯")
        #expect(indexText("电梯，燃气") == "电梯 燃气 电 梯 燃 气")
    }

    @Test func mixedLatinAndDigits() {
        #expect(searchTokens("5号楼 Elevator") == ["5", "号楼", "elevator"])
        #expect(searchTokens("WiFi信号弱") == ["wifi", "信号", "号弱"])
        #expect(searchTokens("2024年3月") == ["2024", "年", "3", "月"])
        #expect(searchTokens("12345热线") == ["12345", "热线"])
        #expect(queryTokens("5号楼") == queryTokens("5 号楼"))
        #expect(finds("5号楼", in: "江汉区某小区5号楼电梯坏了"))
        #expect(finds("ELEVATOR", in: "5号楼 elevator"))
        #expect(!finds("15号楼", in: "5号楼电梯坏了"))
        #expect(finds("号", in: "5号楼"))
    }

    @Test func punctuationAndFullWidthForms() {
        #expect(searchTokens("电梯，燃气。路灯！噪音？垃圾、绿化") == ["电梯", "燃气", "路灯", "噪音", "垃圾", "绿化"])
        #expect(searchTokens("“加装电梯”（老旧小区）") == ["加装", "装电", "电梯", "老旧", "旧小", "小区"])
        // Full-width letters and digits become half-width, and the ideographic space separates.
        #expect(searchTokens("５号楼　ＥＬＥＶＡＴＯＲ") == ["5", "号楼", "elevator"])
        #expect(searchTokens("Ａ，Ｂ！Ｃ？") == ["a", "b", "c"])
        #expect(finds("5号楼", in: "５号楼"))
        // Whitespace of any kind separates; a zero-width space does not split a run.
        #expect(searchTokens("电梯\n\t燃气") == ["电梯", "燃气"])
        #expect(searchTokens("电\u{200B}梯") == ["电梯"])
        // Symbols and emoji separate too.
        #expect(searchTokens("电梯😡燃气") == ["电梯", "燃气"])
    }

    @Test func emptyAndTokenlessTexts() {
        #expect(searchTokens("").isEmpty)
        #expect(indexText("").isEmpty)
        #expect(queryTokens("").isEmpty)
        #expect(queryTokens("，。！？、　 ").isEmpty)
        #expect(indexText("……").isEmpty)
        #expect(!finds("", in: "老旧小区加装电梯"))
        #expect(!finds("电梯", in: ""))
        #expect(bigramSimilarity("", "") == 0)
        #expect(bigramSimilarity("", "加装电梯") == 0)
        #expect(bigramSimilarity("加装电梯", "") == 0)
    }

    @Test func queryTokensDropDuplicates() {
        #expect(queryTokens("电梯电梯") == ["电梯", "梯电"])
        #expect(searchTokens("电梯电梯") == ["电梯", "梯电", "电梯"])
    }

    @Test func similarityOrdering() {
        let elevatorA = "我们小区是老旧小区，楼层高，老人上下楼困难，希望加装电梯。"
        let elevatorB = "建议尽快为老旧小区加装电梯，方便老年人出行。"
        let gas = "小区还没有通天然气，居民希望尽快安装燃气管道。"
        let ab = bigramSimilarity(elevatorA, elevatorB)
        #expect(ab > bigramSimilarity(elevatorA, gas))
        #expect(ab > bigramSimilarity(elevatorB, gas))
        #expect(bigramSimilarity(elevatorA, elevatorB) == bigramSimilarity(elevatorB, elevatorA))
        #expect(bigramSimilarity("加装电梯", "加装电梯") == 1)
        #expect(bigramSimilarity("加装电梯", "燃气管道") == 0)
        #expect((0...1).contains(ab))
        // Dice: {加装, 装电, 电梯} and {装电, 电梯, 梯维, 维修} share 2 of 3 + 4.
        #expect(bigramSimilarity("加装电梯", "装电梯维修") == 4.0 / 7.0)
    }
}
