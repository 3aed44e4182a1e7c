/// Who is acting. Carried in every token; `citizen` never logs in.
public enum Role: String, Codable, Sendable, CaseIterable {
    case citizen
    case deputy
    case streetStaff
    case districtStaff
    case councilMember
    case unit
    case procuratorate
    case admin
    case service
}
