/// Per-version constants for QR Code Model 2 at error-correction level M (ISO/IEC 18004:2015).
enum QRTables {
    static let versions = 1...40

    /// How one version's codewords split into Reed–Solomon blocks (Table 9, level M rows).
    struct BlockLayout: Sendable {
        /// Error-correction codewords appended to every block.
        let ecCodewordsPerBlock: Int
        /// Data codewords of each block, in order; Table 9 lists at most two groups, the second
        /// one codeword longer than the first.
        let dataCodewordsPerBlock: [Int]

        init(_ ecCodewordsPerBlock: Int, _ groups: (blocks: Int, dataCodewords: Int)...) {
            self.ecCodewordsPerBlock = ecCodewordsPerBlock
            dataCodewordsPerBlock = groups.flatMap { Array(repeating: $0.dataCodewords, count: $0.blocks) }
        }

        var dataCodewords: Int { dataCodewordsPerBlock.reduce(0, +) }
        var totalCodewords: Int { dataCodewords + ecCodewordsPerBlock * dataCodewordsPerBlock.count }
    }

    /// Table 9, level M: (EC codewords per block, (blocks, data codewords per block)...), index = version - 1.
    static let blockLayouts: [BlockLayout] = [
        .init(10, (1, 16)), .init(16, (1, 28)), .init(26, (1, 44)), .init(18, (2, 32)),
        .init(24, (2, 43)), .init(16, (4, 27)), .init(18, (4, 31)), .init(22, (2, 38), (2, 39)),
        .init(22, (3, 36), (2, 37)), .init(26, (4, 43), (1, 44)), .init(30, (1, 50), (4, 51)),
        .init(22, (6, 36), (2, 37)), .init(22, (8, 37), (1, 38)), .init(24, (4, 40), (5, 41)),
        .init(24, (5, 41), (5, 42)), .init(28, (7, 45), (3, 46)), .init(28, (10, 46), (1, 47)),
        .init(26, (9, 43), (4, 44)), .init(26, (3, 44), (11, 45)), .init(26, (3, 41), (13, 42)),
        .init(26, (17, 42)), .init(28, (17, 46)), .init(28, (4, 47), (14, 48)),
        .init(28, (6, 45), (14, 46)), .init(28, (8, 47), (13, 48)), .init(28, (19, 46), (4, 47)),
        .init(28, (22, 45), (3, 46)), .init(28, (3, 45), (23, 46)), .init(28, (21, 45), (7, 46)),
        .init(28, (19, 47), (10, 48)), .init(28, (2, 46), (29, 47)), .init(28, (10, 46), (23, 47)),
        .init(28, (14, 46), (21, 47)), .init(28, (14, 46), (23, 47)), .init(28, (12, 47), (26, 48)),
        .init(28, (6, 47), (34, 48)), .init(28, (29, 46), (14, 47)), .init(28, (13, 46), (32, 47)),
        .init(28, (40, 47), (7, 48)), .init(28, (18, 47), (31, 48)),
    ]

    /// Centre row/column coordinates of the alignment patterns (Annex E, Table E.1), index = version - 1.
    static let alignmentCentres: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34],
        [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54], [6, 32, 58], [6, 34, 62],
        [6, 26, 46, 66], [6, 26, 48, 70], [6, 26, 50, 74], [6, 30, 54, 78], [6, 30, 56, 82],
        [6, 30, 58, 86], [6, 34, 62, 90],
        [6, 28, 50, 72, 94], [6, 26, 50, 74, 98], [6, 30, 54, 78, 102], [6, 28, 54, 80, 106],
        [6, 32, 58, 84, 110], [6, 30, 58, 86, 114], [6, 34, 62, 90, 118],
        [6, 26, 50, 74, 98, 122], [6, 30, 54, 78, 102, 126], [6, 26, 52, 78, 104, 130],
        [6, 30, 56, 82, 108, 134], [6, 34, 60, 86, 112, 138], [6, 30, 58, 86, 114, 142],
        [6, 34, 62, 90, 118, 146],
        [6, 30, 54, 78, 102, 126, 150], [6, 24, 50, 76, 102, 128, 154], [6, 28, 54, 80, 106, 132, 158],
        [6, 32, 58, 84, 110, 136, 162], [6, 26, 54, 82, 110, 138, 166], [6, 30, 58, 86, 114, 142, 170],
    ]

    static func blockLayout(version: Int) -> BlockLayout { blockLayouts[version - 1] }

    static func alignmentCentres(version: Int) -> [Int] { alignmentCentres[version - 1] }

    /// Modules per side (§6.3.1): 21 for version 1, four more for each version after.
    static func size(version: Int) -> Int { 17 + 4 * version }

    /// Width of the byte-mode character count indicator (Table 3).
    static func byteCountBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// The most input bytes a version holds in byte mode: data bits less the 4-bit mode indicator
    /// and the count (agrees with Table 7's byte column for level M).
    static func byteCapacity(version: Int) -> Int {
        (blockLayout(version: version).dataCodewords * 8 - 4 - byteCountBits(version: version)) / 8
    }
}
