// A minimal PNG encoder (PNG spec, ISO/IEC 15948) for grayscale images, needing no libraries: the
// zlib stream (RFC 1950) holds DEFLATE *stored* blocks (RFC 1951 §3.2.4), i.e. no compression.
// Enough for QR codes, whose 1-bit images stay small.

/// An 8-bit grayscale PNG; `pixels` holds one byte per pixel (0 black … 255 white), row by row.
/// Requires `width`, `height` ≥ 1 and `pixels.count == width * height`.
public func encodeGrayscalePNG(width: Int, height: Int, pixels: [UInt8]) -> [UInt8] {
    precondition(width > 0 && height > 0 && pixels.count == width * height, "pixels must fill width × height")
    var scanlines: [UInt8] = []
    scanlines.reserveCapacity((width + 1) * height)
    for row in 0..<height {
        scanlines.append(0)  // filter type None
        scanlines += pixels[(row * width)..<((row + 1) * width)]
    }
    return PNGWriter.png(width: width, height: height, bitDepth: 8, scanlines: scanlines)
}

/// A 1-bit grayscale PNG, black where `isBlack(x, y)` holds and white elsewhere.
/// Requires `width`, `height` ≥ 1.
public func encodeBlackAndWhitePNG(width: Int, height: Int, isBlack: (_ x: Int, _ y: Int) -> Bool) -> [UInt8] {
    precondition(width > 0 && height > 0, "an image needs at least one pixel")
    var scanlines: [UInt8] = []
    scanlines.reserveCapacity(((width + 7) / 8 + 1) * height)
    for y in 0..<height {
        scanlines += PNGWriter.blackAndWhiteScanline(width: width) { x in isBlack(x, y) }
    }
    return PNGWriter.png(width: width, height: height, bitDepth: 1, scanlines: scanlines)
}

enum PNGWriter {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Wraps filtered scanlines (each row prefixed by its filter byte) into IHDR, IDAT and IEND.
    static func png(width: Int, height: Int, bitDepth: UInt8, scanlines: [UInt8]) -> [UInt8] {
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        // Bit depth, colour type 0 (grayscale), compression 0, filter method 0, no interlace.
        header += [bitDepth, 0, 0, 0, 0]

        var png = signature
        png.appendChunk("IHDR", header)
        png.appendChunk("IDAT", zlibStored(scanlines))
        png.appendChunk("IEND", [])
        return png
    }

    /// One row of a 1-bit grayscale image, led by its filter byte (0, None); pixels are packed
    /// eight to a byte, leftmost in the high bit, 1 = white.
    static func blackAndWhiteScanline(width: Int, isBlack: (_ x: Int) -> Bool) -> [UInt8] {
        var scanline: [UInt8] = [0]
        scanline.reserveCapacity(1 + (width + 7) / 8)
        for byteStart in stride(from: 0, to: width, by: 8) {
            var byte: UInt8 = 0
            for bit in 0..<min(8, width - byteStart) where !isBlack(byteStart + bit) {
                byte |= 0x80 >> UInt8(bit)
            }
            scanline.append(byte)  // padding bits past the row's end stay 0
        }
        return scanline
    }

    /// A zlib stream of stored DEFLATE blocks: each holds at most 65 535 bytes (its length field is
    /// 16 bits), and the last sets BFINAL.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        let maximumBlock = 65_535
        // CMF 0x78: deflate with a 32 KiB window; FLG 0x01 makes CMF·256 + FLG a multiple of 31.
        var stream: [UInt8] = [0x78, 0x01]
        stream.reserveCapacity(data.count + data.count / maximumBlock * 5 + 11)
        var start = 0
        repeat {
            let end = min(start + maximumBlock, data.count)
            let length = UInt16(end - start)
            stream.append(end == data.count ? 1 : 0)  // BFINAL, then BTYPE 00 (stored), byte-aligned
            stream += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            stream += data[start..<end]
            start = end
        } while start < data.count
        stream.appendBigEndian(adler32(data))
        return stream
    }

    /// RFC 1950 §8.2.
    static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        // 5552 is the longest run whose sums cannot overflow 32 bits before the modulo.
        for chunkStart in stride(from: 0, to: data.count, by: 5552) {
            for byte in data[chunkStart..<min(chunkStart + 5552, data.count)] {
                a += UInt32(byte)
                b += a
            }
            a %= 65_521
            b %= 65_521
        }
        return b << 16 | a
    }

    /// CRC-32 (ISO 3309, reflected polynomial 0xEDB88320) as PNG chunks use it.
    static func crc32<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }

    private static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }
}

extension [UInt8] {
    fileprivate mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }

    /// Length, type, data, then the CRC over type and data (PNG spec §5.3).
    fileprivate mutating func appendChunk(_ type: String, _ data: [UInt8]) {
        appendBigEndian(UInt32(data.count))
        let typeAndData = Array(type.utf8) + data
        append(contentsOf: typeAndData)
        appendBigEndian(PNGWriter.crc32(typeAndData))
    }
}
