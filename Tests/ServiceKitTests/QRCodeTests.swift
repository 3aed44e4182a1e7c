import Foundation
import Testing
import TestSupport

@testable import ServiceKit

/// The QR encoder (station pages in intake, TOTP enrolment in the console), checked against
/// ISO/IEC 18004:2015's published values, against matrices from reference encoders (Python
/// `qrcode` 8.2 and `qrcodegen` 1.8, which agree on them), and end to end by decoding its PNGs
/// with zbarimg.
@Suite struct QRCodeTests {
    // MARK: Known answers from the standard

    @Test func reedSolomonMatchesTheStandardsWorkedExample() {
        // Annex I: "01234567" at 1-M; its 16 data codewords and their 10 EC codewords.
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        let ec = ReedSolomon.errorCorrection(for: data, generator: ReedSolomon.generator(degree: 10))
        #expect(ec == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test func formatBitsMatchAnnexC() {
        // Table C.1, level M (indicator 00), masks 000…111.
        let expected = [
            0b101010000010010, 0b101000100100101, 0b101111001111100, 0b101101101001011,
            0b100010111111001, 0b100000011001110, 0b100111110010111, 0b100101010100000,
        ]
        #expect(QRMask.all.map { QRMatrix.formatBits(mask: $0) } == expected)
    }

    @Test func versionBitsMatchAnnexD() {
        // Table D.1, first and last rows plus two in between.
        #expect(QRMatrix.versionBits(version: 7) == 0b000111_110010010100)
        #expect(QRMatrix.versionBits(version: 8) == 0b001000_010110111100)
        #expect(QRMatrix.versionBits(version: 25) == 0b011001_000111100001)
        #expect(QRMatrix.versionBits(version: 40) == 0b101000_110001101001)
    }

    @Test func byteCapacitiesMatchTable7() {
        // Table 7, byte mode, level M, versions 1…40.
        let expected = [
            14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
            711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989,
            2099, 2213, 2331,
        ]
        #expect(QRTables.versions.map(QRTables.byteCapacity(version:)) == expected)
    }

    @Test func blockTableFillsExactlyTheModulesTheFunctionPatternsLeave() {
        // Table 1's remainder bits per version: what the data area holds beyond whole codewords.
        // This ties Table 9 (codeword counts) to the matrix drawn from Table E.1 and §6.3.
        let remainderBits = [0] + Array(repeating: 7, count: 5) + Array(repeating: 0, count: 7)
            + Array(repeating: 3, count: 7) + Array(repeating: 4, count: 7) + Array(repeating: 3, count: 7)
            + Array(repeating: 0, count: 6)
        for version in QRTables.versions {
            let matrix = QRMatrix(version: version)
            let layout = QRTables.blockLayout(version: version)
            #expect(matrix.dataModuleCount == layout.totalCodewords * 8 + remainderBits[version - 1], "version \(version)")
        }
    }

    // MARK: Known answers from reference encoders

    @Test func version1MatrixMatchesReference() throws {
        // Python qrcode 8.2, byte mode, level M, mask 7 (qrcodegen gives the same modules).
        let expected = [
            "#######..###..#######",
            "#.....#..#.##.#.....#",
            "#.###.#...##..#.###.#",
            "#.###.#..#....#.###.#",
            "#.###.#..####.#.###.#",
            "#.....#.###...#.....#",
            "#######.#.#.#.#######",
            ".........##..........",
            "#..#.##.#..###.#.....",
            ".##..#..#..#.#.#..###",
            "..#.####.#.#..####..#",
            "#.##.#..#.#.######..#",
            "###.#.#.####.###.#...",
            "........#.#..####..#.",
            "#######....##.#.#.##.",
            "#.....#.##....#....##",
            "#.###.#.....####.#..#",
            "#.###.#.#....####.###",
            "#.###.#...##.######.#",
            "#.....#..#.##...#....",
            "#######.#.#..#.##..#.",
        ]
        let code = try QRCode(encoding: "Youyue")
        #expect(code.version == 1)
        #expect(code.size == 21)
        #expect(code.mask == 7)  // penalties 1166 1128 1060 1069 1075 1120 1070 1059 for masks 0…7
        #expect(rows(of: code) == expected)
    }

    @Test func version7MatrixWithVersionInformationMatchesReference() throws {
        // 107 bytes: one more than version 6 holds. Python qrcode 8.2, mask 4; rows as hex, MSB = x 0.
        let expectedHex = [
            "1fd61186717f", "104f61bb3a41", "1747bbdeda5d", "175fd995235d", "175b21f3ef5d", "105a171f0041",
            "1fd55555557f", "001743145f00", "117da7fcd4f9", "0c263c1cd3dc", "0cc49c1ff162", "13b7637912a8",
            "0af0fe685ca2", "1d0e10065962", "147be547b84e", "123a22ce74a2", "0ed8ee803aaa", "058762466178",
            "0940b585784e", "109f10525ee1", "17fd3ff61df8", "191d231edb1c", "1b547558695a", "1316df10d711",
            "1ff53bf4fdfa", "073c145cf22a", "09cd3d36daa2", "0e10012b5953", "01da6cab1432", "11958b55990e",
            "06d74d44b832", "052ae868917a", "1a479f3afc90", "1ca74c557b42", "015c1d364b9e", "0f15038ed452",
            "1348a9f819fa", "0011a712c31c", "1fdafb51795a", "1047671c5111", "175f47f017f8", "174622c5e05a",
            "174065ce5056", "104415b59b90", "1fd3cf34f3b1",
        ]
        let text = "http://127.0.0.1:8081/s/" + String(repeating: "jh-minzu-office/", count: 5) + "end"
        let code = try QRCode(encoding: text)
        #expect(code.version == 7)
        #expect(code.mask == 4)
        let expected = expectedHex.map { hex in
            let value = UInt64(hex, radix: 16) ?? 0
            return String((0..<45).map { value >> (44 - $0) & 1 == 1 ? "#" : "." })
        }
        #expect(rows(of: code) == expected)
    }

    @Test func penaltiesMatchReferenceEvaluation() throws {
        // Table 11 scores of the station URL under each mask, from segno 1.6.6's evaluator run on
        // these same matrices; a ZXing-style evaluator gives the same. Mask 2 scores lowest.
        let expected = [1368, 1383, 1316, 1396, 1529, 1348, 1344, 1419]
        let url = Array("http://127.0.0.1:8081/s/jh-minzu-office".utf8)
        let scores = try QRMask.all.map { mask in
            let code = try QRCode(bytes: url, forcedMask: mask)
            let modules = (0..<code.size).flatMap { y in (0..<code.size).map { x in code.isDark(x: x, y: y) } }
            return QRMask.penalty(dark: modules, size: code.size)
        }
        #expect(scores == expected)
        #expect(try QRCode(bytes: url).mask == 2)
    }

    // MARK: Version selection and limits

    @Test func stationURLGetsTheSmallestVersionThatFits() throws {
        let url = "http://127.0.0.1:8081/s/jh-minzu-office"  // 39 bytes: over 2-M's 26, within 3-M's 42
        let code = try QRCode(encoding: url)
        #expect(code.version == 3)
        #expect(code.size == 29)
    }

    @Test(arguments: [(14, 1), (15, 2), (26, 2), (27, 3), (180, 9), (181, 10), (2099, 38), (2100, 39), (2331, 40)])
    func boundaryLengths(byteCount: Int, version: Int) throws {
        let code = try QRCode(encoding: String(repeating: "a", count: byteCount))
        #expect(code.version == version)
        #expect(code.size == 17 + 4 * version)
    }

    @Test func capacityCountsUTF8BytesNotCharacters() throws {
        // Five Chinese characters are 15 UTF-8 bytes: one more than version 1 holds.
        #expect(try QRCode(encoding: "有约联络站").version == 2)
        #expect(try QRCode(encoding: "有约联络").version == 1)
    }

    @Test func twoThousandBytesUseAMultiBlockVersion() throws {
        let code = try QRCode(encoding: String(repeating: "0123456789", count: 200))
        #expect(code.version == 38)
        #expect(QRTables.blockLayout(version: code.version).dataCodewordsPerBlock.count == 45)
    }

    @Test func inputBeyondVersion40Throws() {
        #expect(throws: QRCode.EncodingError.tooLong(byteCount: 2332, maximum: 2331)) {
            try QRCode(encoding: String(repeating: "a", count: 2332))
        }
    }

    @Test func emptyInputIsAValidVersion1Symbol() throws {
        #expect(try QRCode(encoding: "").version == 1)
    }

    @Test func modulesOutsideTheSymbolAreLight() throws {
        let code = try QRCode(encoding: "Youyue")
        #expect(code.isDark(x: 0, y: 0))  // finder corner
        #expect(!code.isDark(x: -1, y: 0))
        #expect(!code.isDark(x: 0, y: code.size))
    }

    // MARK: SVG

    @Test func svgDrawsExactlyTheDarkModules() throws {
        let code = try QRCode(encoding: "http://127.0.0.1:8081/s/jh-minzu-office")
        let svg = code.svg(moduleSize: 4, quietZone: 4)
        let side = code.size + 8
        #expect(svg.hasPrefix(
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(side * 4)" height="\#(side * 4)" "#
                + #"viewBox="0 0 \#(side) \#(side)" shape-rendering="crispEdges">"#))
        #expect(svg.contains(##"<rect width="\##(side)" height="\##(side)" fill="#fff"/>"##))
        #expect(svg.components(separatedBy: "<path").count == 2)
        #expect(!svg.contains("<title>"))

        // Paint the path's runs ("M x y h w v1 h-w z") back onto a grid and compare.
        let pathData = try #require(svg.firstRange(of: #" d=""#).map { svg[$0.upperBound...].prefix { $0 != "\"" } })
        var painted = Set<[Int]>()
        for run in pathData.split(separator: "z") {
            let numbers = run.split(whereSeparator: { "Mhv ".contains($0) }).compactMap { Int($0) }
            #expect(numbers.count == 5 && numbers[3] == 1 && numbers[4] == -numbers[2])
            for x in numbers[0]..<(numbers[0] + numbers[2]) { painted.insert([x - 4, numbers[1] - 4]) }
        }
        let dark = Set((0..<code.size).flatMap { y in
            (0..<code.size).compactMap { x in code.isDark(x: x, y: y) ? [x, y] : nil }
        })
        #expect(painted == dark)
    }

    @Test func svgTitleIsEscapedAndKeepsChinese() throws {
        let svg = try QRCode(encoding: "x").svg(title: #"金华 <民族> "站" & 'A'"#)
        #expect(svg.contains(#" role="img"><title>金华 &lt;民族&gt; &quot;站&quot; &amp; &apos;A&apos;</title><rect"#))
        #expect(QRCode.xmlEscaped("a\u{0}b\u{1B}c\td") == "abc\td")
    }

    // MARK: PNG

    @Test func pngHasValidStructureAndTheSymbolsPixels() throws {
        let code = try QRCode(encoding: "http://127.0.0.1:8081/s/jh-minzu-office")
        let png = code.png(moduleSize: 3, quietZone: 4)
        let side = (code.size + 8) * 3
        let image = try decodePNG(png)
        #expect(image.width == side && image.height == side)
        #expect(image.bitDepth == 1 && image.colourType == 0)
        #expect(image.chunkTypes == ["IHDR", "IDAT", "IEND"])
        for y in 0..<side {
            for x in 0..<side {
                let expectedDark = code.isDark(x: x / 3 - 4, y: y / 3 - 4)
                guard image.gray(x, y) == (expectedDark ? 0 : 255) else {
                    Issue.record("pixel \(x),\(y) should be \(expectedDark ? "black" : "white")")
                    return
                }
            }
        }
    }

    @Test func grayscalePNGSplitsLargeImagesIntoSeveralStoredBlocks() throws {
        // 300 × 301 bytes of scanlines exceed one stored block's 65 535.
        let width = 300, height = 300
        let pixels = (0..<(width * height)).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let image = try decodePNG(encodeGrayscalePNG(width: width, height: height, pixels: pixels))
        #expect(image.storedBlocks == 2)
        #expect(image.width == width && image.height == height && image.bitDepth == 8)
        #expect((0..<height).allSatisfy { y in (0..<width).allSatisfy { x in image.gray(x, y) == pixels[y * width + x] } })
    }

    @Test func checksumsMatchPublishedCheckValues() {
        #expect(PNGWriter.crc32(Array("123456789".utf8)) == 0xCBF4_3926)  // CRC-32 check value
        #expect(PNGWriter.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        // Longer than one 5552-byte summing chunk; the value is zlib's.
        #expect(PNGWriter.adler32([UInt8](repeating: 0xFF, count: 100_000)) == 0x149A_302C)
    }

    // MARK: Decoding with zbarimg

    @Test(arguments: [
        ("Youyue", 1),
        ("http://127.0.0.1:8081/s/jh-minzu-office", 3),
        ("金华市婺城区人大代表联络站 · 民族宗教事务办公室", 5),  // 70 bytes of UTF-8
        ("https://youyue.example/s/" + String(repeating: "代表联络站-", count: 20), 14),  // 345 bytes, 16-bit count
        (String(repeating: "有约 Youyue 人大代表之家，欢迎留言。", count: 20), 26),  // 1000 bytes, 23 blocks
        (String(repeating: "0123456789abcdef", count: 125), 38),  // 2000 bytes, 45 blocks
    ])
    func zbarimgDecodesWhatWeEncode(text: String, version: Int) async throws {
        let code = try QRCode(encoding: text)
        #expect(code.version == version)
        #expect(try await zbarimgDecode(code.png(moduleSize: version > 20 ? 3 : 4)) == text)
    }

    @Test func zbarimgReadsTheFormatInformationOfEveryMask() async throws {
        // Version 7, so the version information blocks are read too.
        let text = "http://127.0.0.1:8081/s/" + String(repeating: "jh-minzu-office/", count: 5) + "end"
        for mask in QRMask.all {
            let code = try QRCode(bytes: Array(text.utf8), forcedMask: mask)
            #expect(code.version == 7)
            #expect(try await zbarimgDecode(code.png(moduleSize: 4)) == text, "mask \(mask)")
        }
    }

    // MARK: Helpers

    private func rows(of code: QRCode) -> [String] {
        (0..<code.size).map { y in String((0..<code.size).map { x in code.isDark(x: x, y: y) ? "#" : "." }) }
    }
}

/// Just enough of a PNG reader to check our writer: chunk CRCs, IHDR, stored-block zlib with its
/// Adler-32, filter type 0 rows, grayscale at 1 or 8 bits.
private struct DecodedPNG {
    var width = 0, height = 0, bitDepth = 0, colourType = 0
    var chunkTypes: [String] = []
    var storedBlocks = 0
    var rows: [[UInt8]] = []

    func gray(_ x: Int, _ y: Int) -> UInt8 {
        if bitDepth == 8 { return rows[y][x] }
        return (rows[y][x / 8] >> (7 - x % 8)) & 1 == 1 ? 255 : 0
    }
}

private struct PNGFormatError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

private func decodePNG(_ png: [UInt8]) throws -> DecodedPNG {
    func bigEndian(_ bytes: ArraySlice<UInt8>) -> Int { bytes.reduce(0) { $0 << 8 | Int($1) } }
    guard png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw PNGFormatError("signature") }
    var image = DecodedPNG()
    var idat: [UInt8] = []
    var offset = 8
    while offset + 12 <= png.count {
        let length = bigEndian(png[offset..<(offset + 4)])
        guard offset + 12 + length <= png.count else { throw PNGFormatError("chunk overruns the file") }
        let typeAndData = png[(offset + 4)..<(offset + 8 + length)]
        let crc = bigEndian(png[(offset + 8 + length)..<(offset + 12 + length)])
        guard PNGWriter.crc32(typeAndData) == UInt32(crc) else { throw PNGFormatError("bad CRC") }
        let type = String(decoding: typeAndData.prefix(4), as: UTF8.self)
        let data = typeAndData.dropFirst(4)
        image.chunkTypes.append(type)
        if type == "IHDR" {
            image.width = bigEndian(data.prefix(4))
            image.height = bigEndian(data.dropFirst(4).prefix(4))
            image.bitDepth = Int(data[data.startIndex + 8])
            image.colourType = Int(data[data.startIndex + 9])
        } else if type == "IDAT" {
            idat += data
        }
        offset += 12 + length
    }
    guard offset == png.count else { throw PNGFormatError("trailing bytes") }

    // zlib: header, stored blocks, Adler-32.
    guard idat.count >= 6, (Int(idat[0]) << 8 | Int(idat[1])) % 31 == 0, idat[0] & 0x0F == 8 else {
        throw PNGFormatError("zlib header")
    }
    var inflated: [UInt8] = []
    var position = 2
    var isFinal = false
    while !isFinal {
        guard position + 5 <= idat.count, idat[position] & 0b110 == 0 else { throw PNGFormatError("not a stored block") }
        isFinal = idat[position] & 1 == 1
        let length = Int(idat[position + 1]) | Int(idat[position + 2]) << 8
        let complement = Int(idat[position + 3]) | Int(idat[position + 4]) << 8
        guard length ^ complement == 0xFFFF, position + 5 + length <= idat.count else { throw PNGFormatError("stored length") }
        inflated += idat[(position + 5)..<(position + 5 + length)]
        position += 5 + length
        image.storedBlocks += 1
    }
    guard position + 4 == idat.count, UInt32(bigEndian(idat[position...])) == PNGWriter.adler32(inflated) else {
        throw PNGFormatError("Adler-32")
    }

    let rowBytes = (image.width * image.bitDepth + 7) / 8
    guard inflated.count == (rowBytes + 1) * image.height else { throw PNGFormatError("image data size") }
    for y in 0..<image.height {
        let start = y * (rowBytes + 1)
        guard inflated[start] == 0 else { throw PNGFormatError("filter type") }
        image.rows.append(Array(inflated[(start + 1)...(start + rowBytes)]))
    }
    return image
}
