/// A QR Code Model 2 symbol (ISO/IEC 18004:2015) holding text as UTF-8 bytes in byte mode, at
/// error-correction level M, in the smallest version that fits, with the lowest-penalty mask.
///
/// The matrix excludes the quiet zone; `svg(...)` and `png(...)` add it.
public struct QRCode: Sendable {
    public enum EncodingError: Error, Equatable, CustomStringConvertible {
        /// The input needs more than version 40-M's byte-mode capacity.
        case tooLong(byteCount: Int, maximum: Int)

        public var description: String {
            switch self {
            case let .tooLong(byteCount, maximum):
                "QR code input is \(byteCount) bytes of UTF-8; level M holds at most \(maximum)"
            }
        }
    }

    /// 1…40; the symbol has 17 + 4 × version modules per side.
    public let version: Int
    /// Modules per side, without the quiet zone.
    public let size: Int
    /// The data mask applied (0…7, Table 10).
    public let mask: Int
    /// Row-major, `true` = dark.
    private let modules: [Bool]

    public init(encoding text: String) throws {
        try self.init(bytes: Array(text.utf8))
    }

    /// `forcedMask` (0…7) bypasses the penalty evaluation; tests use it to compare single masks
    /// with reference encoders.
    init(bytes: [UInt8], forcedMask: Int? = nil) throws {
        precondition(forcedMask.map(QRMask.all.contains) ?? true, "masks are numbered 0...7")
        guard let version = QRTables.versions.first(where: { QRTables.byteCapacity(version: $0) >= bytes.count })
        else {
            throw EncodingError.tooLong(byteCount: bytes.count, maximum: QRTables.byteCapacity(version: 40))
        }
        let layout = QRTables.blockLayout(version: version)
        let data = QRCode.dataCodewords(for: bytes, version: version, capacity: layout.dataCodewords)
        var matrix = QRMatrix(version: version)
        matrix.placeCodewords(QRCode.interleavedWithErrorCorrection(data, layout: layout))

        func masked(_ mask: Int) -> QRMatrix {
            var candidate = matrix
            candidate.applyMask(mask)
            candidate.drawFormatInformation(mask: mask)
            return candidate
        }
        var chosen = (mask: forcedMask ?? 0, matrix: masked(forcedMask ?? 0))
        if forcedMask == nil {
            // §7.8.3: evaluate all eight and keep the lowest penalty (the lowest number on a tie).
            var lowestPenalty = QRMask.penalty(dark: chosen.matrix.dark, size: chosen.matrix.size)
            for mask in QRMask.all.dropFirst() {
                let candidate = masked(mask)
                let penalty = QRMask.penalty(dark: candidate.dark, size: candidate.size)
                if penalty < lowestPenalty { (chosen, lowestPenalty) = ((mask, candidate), penalty) }
            }
        }

        self.version = version
        size = chosen.matrix.size
        mask = chosen.mask
        modules = chosen.matrix.dark
    }

    /// Whether the module at column `x`, row `y` is dark; anything outside the symbol is light
    /// (the quiet zone).
    public func isDark(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }

    /// §7.4: mode indicator 0100 (byte), character count, the bytes, up to four terminator zeros,
    /// zero bits to a byte boundary, then pad codewords 0xEC 0x11 alternately to fill the capacity.
    static func dataCodewords(for bytes: [UInt8], version: Int, capacity: Int) -> [UInt8] {
        var bits = BitWriter()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: QRTables.byteCountBits(version: version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        bits.append(0, count: min(4, capacity * 8 - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var codewords = bits.bytes
        while codewords.count < capacity {
            codewords.append((codewords.count - bits.bytes.count) % 2 == 0 ? 0xEC : 0x11)
        }
        return codewords
    }

    /// §7.5–7.6: split the data into Table 9's blocks, append each block's Reed–Solomon codewords,
    /// then interleave: the i-th data codeword of every block in turn (shorter blocks drop out at
    /// the end), followed by the i-th EC codeword of every block in turn.
    static func interleavedWithErrorCorrection(_ data: [UInt8], layout: QRTables.BlockLayout) -> [UInt8] {
        let generator = ReedSolomon.generator(degree: layout.ecCodewordsPerBlock)
        var dataBlocks: [ArraySlice<UInt8>] = []
        var offset = 0
        for length in layout.dataCodewordsPerBlock {
            dataBlocks.append(data[offset..<(offset + length)])
            offset += length
        }
        let ecBlocks = dataBlocks.map { ReedSolomon.errorCorrection(for: Array($0), generator: generator) }

        var result: [UInt8] = []
        result.reserveCapacity(layout.totalCodewords)
        let longestBlock = layout.dataCodewordsPerBlock.max() ?? 0
        for index in 0..<longestBlock {
            for block in dataBlocks where index < block.count {
                result.append(block[block.startIndex + index])
            }
        }
        for index in 0..<layout.ecCodewordsPerBlock {
            for block in ecBlocks { result.append(block[index]) }
        }
        return result
    }

    /// Appends bit fields most significant bit first, as the QR bit stream is written (§7.4).
    private struct BitWriter {
        private(set) var bytes: [UInt8] = []
        private(set) var count = 0

        mutating func append(_ value: Int, count bitCount: Int) {
            for shift in stride(from: bitCount - 1, through: 0, by: -1) {
                if count % 8 == 0 { bytes.append(0) }
                if (value >> shift) & 1 == 1 { bytes[bytes.count - 1] |= 0x80 >> UInt8(count % 8) }
                count += 1
            }
        }
    }
}
