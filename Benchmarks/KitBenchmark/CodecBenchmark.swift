import Contracts
import Foundation
import NIOCore
import ServiceKit

/// `youyue-benchmark-server codec`: the time one request's work outside the database takes, on one
/// core: its JSON, with Foundation's coders beside the kit's (the opinion's body read, its message
/// body written), then the other steps the durable endpoint runs before and after its transaction.
/// Prints microseconds per call.
func runCodecBenchmark(iterations: Int = 100_000) throws {
    let body = ByteBuffer(string: #"{"stationID":"st_jianghan_minzu_01","category":"urbanManagement","channel":"qrOnline","title":"老旧小区加装电梯进度慢","content":"我们小区是上世纪九十年代建的老旧小区，共七层，没有电梯。老人上下楼非常困难，居民多次提出加装电梯，已征得大部分住户同意，但审批和资金补贴进展缓慢，希望代表帮助协调街道和相关部门加快推进。","latitude":30.5928,"longitude":114.2713,"contact":"13812345678"}"#)
    let message = OpinionRecordedBody(opinion: "op_0mhx3a1b2c3d4e5f6g7h8i9j", station: "st_jianghan_minzu_01", street: "minzu",
                                      channel: .qrOnline, category: "urbanManagement", recordedBy: "citizen")
    let foundationEncoder = JSONEncoder()
    foundationEncoder.outputFormatting = [.sortedKeys]
    foundationEncoder.dateEncodingStrategy = .iso8601

    func time(_ label: String, _ work: () throws -> Void) rethrows {
        for _ in 0..<1000 { try work() }
        let started = ContinuousClock.now
        for _ in 0..<iterations { try work() }
        let elapsed = ContinuousClock.now - started
        let micros = Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12
        print(label.padding(toLength: 44, withPad: " ", startingAt: 0), String(format: "%6.2f us", micros / Double(iterations)))
    }
    try time("decode opinion: Foundation JSONDecoder") { _ = try apiDecoder.decode(BenchmarkOpinion.self, from: body) }
    try time("decode opinion: kit JSONBodyDecoder") { _ = try apiBodyDecoder.decode(BenchmarkOpinion.self, from: body) }
    try time("encode message: Foundation JSONEncoder") { _ = try foundationEncoder.encode(message) }
    try time("encode message: kit SortedJSONEncoder") { _ = try apiEncoder.encode(message) }
    let cipher = try FieldCipher(suite: .national, keys: ["k1": Array(repeating: 7, count: 32)], currentKeyID: "k1")
    try time("seal the contact (SM4-CTR, HMAC-SM3)") { _ = try cipher.seal("13812345678") }
    time("makeID (time and 13 random characters)") { _ = makeID(prefix: "op") }
    try time("build the message (id, JSON body)") {
        _ = try OutgoingMessage(.opinionRecorded, to: [.evaluation], district: "jianghan", entity: "op_x", body: message)
    }
    try time("answer: jsonResponse") { _ = try jsonResponse(BenchmarkAccepted(id: "op_0mhx3a1b2c3d4e5f6g7h8i9j"), status: .created) }
}
