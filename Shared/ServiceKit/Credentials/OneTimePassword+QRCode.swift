/// The enrolment QR code: the provisioning URI drawn by the project's own encoder.
extension OneTimePassword {
    /// The QR code of a provisioning URI as a standalone SVG to put inline in the enrolment page.
    /// `title` is what a screen reader announces.
    public static func qrCodeSVG(uri: String, title: String = "两步验证二维码") throws -> String {
        try QRCode(encoding: uri).svg(moduleSize: 6, title: title)
    }

    /// The same symbol as a PNG, for places that cannot show SVG.
    public static func qrCodePNG(uri: String) throws -> [UInt8] {
        try QRCode(encoding: uri).png(moduleSize: 6)
    }
}
