extension QRCode {
    /// The symbol as a 1-bit grayscale PNG, `moduleSize` pixels per module (at least 1), with a
    /// light `quietZone` modules wide all round (the standard asks for 4, §6.3.8).
    public func png(moduleSize: Int = 8, quietZone: Int = 4) -> [UInt8] {
        let moduleSize = max(1, moduleSize)
        let quietZone = max(0, quietZone)
        let pixels = (size + 2 * quietZone) * moduleSize
        var scanlines: [UInt8] = []
        for moduleY in -quietZone..<(size + quietZone) {
            // Every pixel row of a module row is the same, so pack it once and repeat it.
            let scanline = PNGWriter.blackAndWhiteScanline(width: pixels) { x in
                isDark(x: x / moduleSize - quietZone, y: moduleY)
            }
            for _ in 0..<moduleSize { scanlines += scanline }
        }
        return PNGWriter.png(width: pixels, height: pixels, bitDepth: 1, scanlines: scanlines)
    }
}
