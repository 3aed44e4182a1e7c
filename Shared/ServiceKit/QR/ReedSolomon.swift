/// Reed–Solomon error-correction codewords over GF(256) as QR codes use them (ISO/IEC 18004:2015 §7.5.2).
enum ReedSolomon {
    /// Log/antilog tables of the field GF(2⁸) built on the standard's prime polynomial
    /// x⁸ + x⁴ + x³ + x² + 1 (0x11D), with α = 2. `exponentials` is doubled in length so that a
    /// product's log sum needs no modulo.
    private struct Field: Sendable {
        var exponentials = [UInt8](repeating: 0, count: 510)
        var logarithms = [Int](repeating: 0, count: 256)

        init() {
            var value = 1
            for power in 0..<255 {
                exponentials[power] = UInt8(value)
                exponentials[power + 255] = UInt8(value)
                logarithms[value] = power
                value <<= 1
                if value > 0xFF { value ^= 0x11D }
            }
        }
    }

    private static let field = Field()

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return field.exponentials[field.logarithms[Int(a)] + field.logarithms[Int(b)]]
    }

    /// Coefficients of the generator polynomial (x − α⁰)(x − α¹)…(x − α^(degree−1)), highest power first,
    /// leaving out the leading 1 (Annex A lists the same polynomials).
    static func generator(degree: Int) -> [UInt8] {
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1  // start from the polynomial 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            // Multiply by (x − root); in GF(2⁸) subtraction is XOR.
            for index in 0..<degree {
                coefficients[index] = multiply(coefficients[index], root)
                if index + 1 < degree { coefficients[index] ^= coefficients[index + 1] }
            }
            root = multiply(root, 2)
        }
        return coefficients
    }

    /// The error-correction codewords of one block: the remainder of data(x)·x^n divided by the generator.
    static func errorCorrection(for data: [UInt8], generator: [UInt8]) -> [UInt8] {
        var remainder = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            for index in remainder.indices {
                remainder[index] ^= multiply(generator[index], factor)
            }
        }
        return remainder
    }
}
