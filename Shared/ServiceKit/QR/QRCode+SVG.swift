extension QRCode {
    /// The symbol as a small standalone SVG: a white background and one path of dark modules, in
    /// module units scaled by `width`/`height`, so it stays sharp at any size.
    ///
    /// - Parameters:
    ///   - moduleSize: pixels per module for the intrinsic `width`/`height` (at least 1).
    ///   - quietZone: light modules around the symbol; the standard asks for 4 (§6.3.8).
    ///   - title: the accessible name screen readers announce (e.g. the station's name).
    public func svg(moduleSize: Int = 8, quietZone: Int = 4, title: String? = nil) -> String {
        let quietZone = max(0, quietZone)
        let side = size + 2 * quietZone
        let pixels = side * max(1, moduleSize)

        // One subpath per horizontal run of dark modules keeps the path short.
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else { x += 1; continue }
                let runStart = x
                while x < size && isDark(x: x, y: y) { x += 1 }
                path += "M\(runStart + quietZone) \(y + quietZone)h\(x - runStart)v1h-\(x - runStart)z"
            }
        }

        var svg = #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(pixels)" height="\#(pixels)" "#
            + #"viewBox="0 0 \#(side) \#(side)" shape-rendering="crispEdges""#
        if let title {
            svg += #" role="img"><title>\#(QRCode.xmlEscaped(title))</title>"#
        } else {
            svg += ">"
        }
        svg += ##"<rect width="\##(side)" height="\##(side)" fill="#fff"/>"##
        svg += ##"<path fill="#000" d="\##(path)"/></svg>"##
        return svg
    }

    /// Escapes XML's five special characters and drops the control characters XML 1.0 forbids.
    static func xmlEscaped(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
