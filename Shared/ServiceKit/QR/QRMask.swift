/// Data masking (ISO/IEC 18004:2015 §7.8): the eight mask patterns and the penalty that picks one.
enum QRMask {
    static let all = 0..<8

    /// Table 10's conditions; the standard's i is the row (y) and j the column (x).
    static func inverts(mask: Int, x j: Int, y i: Int) -> Bool {
        switch mask {
        case 0: (i + j) % 2 == 0
        case 1: i % 2 == 0
        case 2: j % 3 == 0
        case 3: (i + j) % 3 == 0
        case 4: (i / 2 + j / 3) % 2 == 0
        case 5: (i * j) % 2 + (i * j) % 3 == 0
        case 6: ((i * j) % 2 + (i * j) % 3) % 2 == 0
        default: ((i + j) % 2 + (i * j) % 3) % 2 == 0
        }
    }

    // Table 11's weights.
    private static let sameColourRunWeight = 3  // N1
    private static let sameColourBlockWeight = 3  // N2
    private static let finderLikeWeight = 40  // N3
    private static let imbalanceWeight = 10  // N4

    /// §7.8.3: the sum of Table 11's four penalties over a whole symbol (`dark` row-major, `size`
    /// modules per side); lower is better.
    static func penalty(dark: [Bool], size: Int) -> Int {
        // Colours as 0/1 integers keep the loops arithmetic rather than full of unpredictable
        // branches; the sums stay tiny, so the hot loops use wrapping operators (&+) to skip
        // overflow checks. Together these make the eight evaluations about twice as fast.
        let cells = dark.map { $0 ? 1 : 0 }
        var total = 0

        // Rules 1 and 3 look along every row and every column.
        for line in 0..<size {
            total += linePenalty(cells, start: line * size, step: 1, count: size)
            total += linePenalty(cells, start: line, step: size, count: size)
        }

        // Rule 2: N2 for every 2×2 block of one colour (a larger block counts as its overlapping 2×2s).
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let index = y * size + x
                let darkInBlock = cells[index] &+ cells[index + 1] &+ cells[index + size] &+ cells[index + size + 1]
                total &+= darkInBlock == 0 || darkInBlock == 4 ? sameColourBlockWeight : 0
            }
        }

        // Rule 4: N4 for each full 5 % step that the dark share strays from 50 %.
        let darkCount = cells.reduce(0, +)
        let moduleCount = size * size
        total += imbalanceWeight * (abs(darkCount * 20 - moduleCount * 10) / moduleCount)
        return total
    }

    /// Rules 1 and 3 along one row or column: `count` cells from `start`, `step` apart.
    private static func linePenalty(_ cells: [Int], start: Int, step: Int, count: Int) -> Int {
        var penalty = 0

        // Rule 1: N1 for a run of five modules of one colour, plus 1 for each module more.
        var runLength = 0
        var previous = 0
        // Rule 3: N3 for every dark-light-dark-dark-dark-light-dark (1:1:3:1:1) stretch with four
        // light modules before or after it. `recent` holds the last 15 modules, newest in bit 0, so
        // a stretch is judged once the four modules after it have arrived: before it are bits 11–14,
        // the stretch bits 4–10, after it bits 0–3. Beyond both ends lies the light quiet zone.
        var recent = 0
        func shiftIn(_ cell: Int) {
            recent = (recent << 1 | cell) & 0x7FFF
            if (recent >> 4) & 0x7F == 0b1011101 && (recent >> 11 == 0 || recent & 0xF == 0) {
                penalty += finderLikeWeight
            }
        }

        for index in 0..<count {
            let cell = cells[start + index * step]
            runLength = runLength &* (1 &- (cell ^ previous)) &+ 1  // +1 on the same colour, else restart at 1
            previous = cell
            penalty &+= runLength == 5 ? sameColourRunWeight : (runLength > 5 ? 1 : 0)
            shiftIn(cell)
        }
        for _ in 0..<4 { shiftIn(0) }
        return penalty
    }
}
