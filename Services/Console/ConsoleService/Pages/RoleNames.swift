import Contracts

/// The roles as people on the platform call them.
func chineseName(of role: Role) -> String {
    switch role {
    case .citizen: "群众"
    case .deputy: "人大代表"
    case .streetStaff: "街道工作人员"
    case .districtStaff: "区人大工作人员"
    case .councilMember: "人大常委会组成人员"
    case .unit: "承办单位"
    case .procuratorate: "检察机关"
    case .admin: "系统管理员"
    case .service: "系统服务"
    }
}

/// The roles an admin may give, in the order the form lists them.
let assignableRoles: [Role] = [.deputy, .streetStaff, .districtStaff, .councilMember, .unit, .procuratorate, .admin]
