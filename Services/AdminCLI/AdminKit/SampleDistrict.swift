/// The sample district `youyue seed` loads when no file is given: invented demonstration data
/// shaped like the reference district (SampleData/jianghan-sample.json, built into the binary).
public let builtInSampleDistrict: [UInt8] = PackageResources.jianghan_sample_json
