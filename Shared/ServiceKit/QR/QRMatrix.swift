/// The module grid while a symbol is built. Function-pattern modules (§6.3) are marked so that data
/// placement and masking leave them alone.
struct QRMatrix: Sendable {
    let version: Int
    let size: Int
    /// Row-major, `true` = dark.
    private(set) var dark: [Bool]
    private var isFunction: [Bool]

    /// A grid with every function pattern drawn and the format area reserved.
    init(version: Int) {
        self.version = version
        size = QRTables.size(version: version)
        dark = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
        drawTimingPatterns()
        drawFinderPatterns()
        drawAlignmentPatterns()
        drawFormatInformation(mask: 0)  // reserves the area; the real bits are drawn once a mask is chosen
        drawVersionInformation()
    }

    /// Modules left for codewords and remainder bits (Table 1's "data modules").
    var dataModuleCount: Int { isFunction.count(where: { !$0 }) }

    private mutating func setFunctionModule(x: Int, y: Int, dark isDark: Bool) {
        dark[y * size + x] = isDark
        isFunction[y * size + x] = true
    }

    // MARK: Function patterns

    /// §6.3.5: alternating modules along row 6 and column 6, dark at even coordinates.
    private mutating func drawTimingPatterns() {
        for index in 0..<size {
            setFunctionModule(x: 6, y: index, dark: index % 2 == 0)
            setFunctionModule(x: index, y: 6, dark: index % 2 == 0)
        }
    }

    /// §6.3.3–6.3.4: three 7×7 finder patterns with their one-module light separators.
    private mutating func drawFinderPatterns() {
        for (centreX, centreY) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 {
                    let x = centreX + dx, y = centreY + dy
                    guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                    // Rings by Chebyshev distance: 0–1 dark core, 2 light, 3 dark, 4 separator.
                    let ring = max(abs(dx), abs(dy))
                    setFunctionModule(x: x, y: y, dark: ring != 2 && ring != 4)
                }
            }
        }
    }

    /// §6.3.6: 5×5 alignment patterns at every pair of Table E.1 centres except the three that
    /// would overlap the finder patterns.
    private mutating func drawAlignmentPatterns() {
        let centres = QRTables.alignmentCentres(version: version)
        guard let first = centres.first, let last = centres.last else { return }
        for centreY in centres {
            for centreX in centres {
                let overlapsFinder = (centreX == first && centreY == first)
                    || (centreX == first && centreY == last)
                    || (centreX == last && centreY == first)
                if overlapsFinder { continue }
                for dy in -2...2 {
                    for dx in -2...2 {
                        setFunctionModule(x: centreX + dx, y: centreY + dy, dark: max(abs(dx), abs(dy)) != 1)
                    }
                }
            }
        }
    }

    /// §7.9: 15 format bits, placed twice around the finder patterns, plus the always-dark module
    /// beside the bottom-left finder.
    mutating func drawFormatInformation(mask: Int) {
        let bits = QRMatrix.formatBits(mask: mask)
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        // First copy, around the top-left finder: up column 8 from the top, then left along row 8.
        for index in 0...5 { setFunctionModule(x: 8, y: index, dark: bit(index)) }
        setFunctionModule(x: 8, y: 7, dark: bit(6))
        setFunctionModule(x: 8, y: 8, dark: bit(7))
        setFunctionModule(x: 7, y: 8, dark: bit(8))
        for index in 9..<15 { setFunctionModule(x: 14 - index, y: 8, dark: bit(index)) }
        // Second copy: row 8 under the top-right finder, column 8 beside the bottom-left finder.
        for index in 0..<8 { setFunctionModule(x: size - 1 - index, y: 8, dark: bit(index)) }
        for index in 8..<15 { setFunctionModule(x: 8, y: size - 15 + index, dark: bit(index)) }
        setFunctionModule(x: 8, y: size - 8, dark: true)
    }

    /// §7.9.1: level M's indicator 00 (Table 12) and the mask number, BCH(15,5)-protected with
    /// generator 0x537, then XOR 0x5412 so that no format word is all light (Annex C).
    static func formatBits(mask: Int) -> Int {
        let data = 0b00 << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// §7.10: versions 7 and up carry their number in two 6×3 blocks, BCH(18,6)-protected (Annex D).
    private mutating func drawVersionInformation() {
        guard version >= 7 else { return }
        let bits = QRMatrix.versionBits(version: version)
        for index in 0..<18 {
            let isDark = (bits >> index) & 1 == 1
            let long = size - 11 + index % 3, short = index / 3
            setFunctionModule(x: long, y: short, dark: isDark)  // left of the top-right finder
            setFunctionModule(x: short, y: long, dark: isDark)  // above the bottom-left finder
        }
    }

    /// Annex D: the 6-bit version number followed by 12 BCH bits, generator 0x1F25.
    static func versionBits(version: Int) -> Int {
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        return version << 12 | remainder
    }

    // MARK: Data

    /// §7.7.3: codeword bits, most significant first, in two-module-wide columns zig-zagging up and
    /// down from the bottom-right corner, skipping the vertical timing column and function modules.
    /// Modules left over are remainder bits and stay light (0).
    mutating func placeCodewords(_ codewords: [UInt8]) {
        let bitCount = codewords.count * 8
        var bitIndex = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }  // column 6 is the timing pattern
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in stride(from: right, through: right - 1, by: -1)
                where !isFunction[y * size + x] && bitIndex < bitCount {
                    dark[y * size + x] = (codewords[bitIndex / 8] >> (7 - bitIndex % 8)) & 1 == 1
                    bitIndex += 1
                }
            }
            right -= 2
        }
    }

    /// §7.8.2: inverts every data module where the mask's condition holds.
    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size {
                let index = y * size + x
                // XOR with the condition rather than branching on it: the conditions look random.
                dark[index] = dark[index] != (!isFunction[index] && QRMask.inverts(mask: mask, x: x, y: y))
            }
        }
    }
}
