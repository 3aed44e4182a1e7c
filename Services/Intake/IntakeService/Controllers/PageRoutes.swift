import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The citizen pages, rendered on the server for a phone: the home page with the station
/// directory and the receipt lookup, the station page with its form, the thank-you page, the
/// receipt page and the printable poster. The station, receipt and poster paths are printed on
/// paper and must not change.
func addPageRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment, limiter: RateLimiter) throws {
    let database = environment.database
    let proxies = environment.configuration.trustedProxies
    let pages = try PageRenderer(templates: [
        "station": stationTemplate, "thanks": thanksTemplate, "receipt": receiptTemplate, "poster": posterTemplate, "home": homeTemplate,
    ])
    let publicURLs = environment.configuration.publicURLs

    router.get("/") { request, _ in
        let query = request.uri.queryParameters.get("q")?.trimmingCharacters(in: .whitespacesAndNewlines)
        var values = try await homeValues(database, query: query.flatMap { $0.isEmpty ? nil : String($0.prefix(50)) })
        values["links"] = servicePageLinks(publicURLs)
        return pages.page("home", values)
    }

    // The home page's receipt form: a GET, so it works without scripts and cookies.
    router.get("r") { request, _ in
        let typed = (request.uri.queryParameters.get("code") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let code = ReceiptCode.normalize(typed) else {
            return pages.message("回执码格式不正确", "回执码由 10 位字母和数字组成，形如 ABCD-EFGH-JK，请核对后再试（不区分大小写，可不输入横线）。",
                                 status: .badRequest, back: "/")
        }
        return Response(status: .seeOther, headers: [.location: "/r/\(code)"])
    }
    let protection = FormProtection(secret: environment.configuration.formSecret, publicBaseURL: environment.configuration.publicBaseURL)

    @Sendable func stationPage(_ code: String, request: Request, form: StationForm, errors: [String: String] = [:],
                               formError: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let station = try await publicStation(database, code: code), let place = try await stationPlace(database, code: code) else {
            return pages.message("没有找到这个站点", "二维码可能已经更换，请向站点工作人员询问。", status: .notFound)
        }
        let (nonce, setCookie) = protection.nonce(for: request)
        // Nothing here waits on another service: the page a QR code opens answers from intake alone.
        var values = try await stationValues(database, station: station, district: place.district, selectedCategory: form.category)
        values["csrf"] = protection.token(for: nonce)
        values["form"] = form.templateValues
        values["errors"] = errors
        if let formError { values["formError"] = formError }
        return pages.page("station", values, status: status, setCookie: setCookie)
    }

    router.get("s/{code}") { request, context in
        try await stationPage(try context.parameters.require("code"), request: request, form: .empty)
    }

    router.post("s/{code}") { request, context in
        let code = try context.parameters.require("code")
        let form: StationForm
        do {
            form = try await decodeStationForm(request)
        } catch let tooLarge as any HTTPResponseError where tooLarge.status == .contentTooLarge {
            return pages.message("内容太长", "提交的内容超过了允许的长度，请删减后再提交。", status: .contentTooLarge, back: "/s/\(code)")
        } catch {
            return pages.message("无法读取表单", "请返回站点页面重新填写。", status: .badRequest, back: "/s/\(code)")
        }
        guard protection.accepts(request, token: form.csrf) else {
            return try await stationPage(code, request: request, form: form, formError: "页面已过期，请检查内容后再次提交。", status: .forbidden)
        }
        do {
            try limiter.take(for: context.clientAddress(of: request, trusting: proxies) ?? "unknown")
            let accepted = try await submitOpinion(form.submission(station: code), channel: .qrOnline, recordedBy: "citizen", environment: environment)
            // Post/redirect/get: reloading the thank-you page cannot submit twice.
            return Response(status: .seeOther, headers: [.location: "/s/\(code)/thanks?receipt=\(accepted.receiptCode)"])
        } catch let problem as Problem where problem.status == 422 {
            return try await stationPage(code, request: request, form: form, errors: problem.errors ?? [:],
                                         formError: "提交的内容有需要修改的地方，请看下方红字提示。", status: .unprocessableContent)
        } catch let limited as RateLimited {
            var response = pages.message("提交太频繁", "请稍等 \(limited.retryAfterSeconds) 秒后再提交。", status: .tooManyRequests, back: "/s/\(code)")
            response.headers[.retryAfter] = String(limited.retryAfterSeconds)
            return response
        }
    }

    router.get("s/{code}/thanks") { request, context in
        let code = try context.parameters.require("code")
        guard let typed = request.uri.queryParameters.get("receipt"), let receiptCode = ReceiptCode.normalize(typed),
              let found = try await receipt(database, code: receiptCode), found.station == code else {
            return pages.message("没有找到这条回执", "请返回站点页面重新提交。", status: .notFound, back: "/s/\(code)")
        }
        return pages.page("thanks", ["receiptCode": found.receiptCode, "stationName": found.stationName, "station": code])
    }

    router.get("r/{code}") { request, context in
        let raw = try context.parameters.require("code")
        let typed = raw.removingPercentEncoding ?? raw
        let found = try await ReceiptCode.normalize(typed).asyncFlatMap { try await receipt(database, code: $0) }
        if request.headers[.accept]?.contains("application/json") == true {
            guard let found else { throw Problem.notFound("没有找到回执码为 \(typed) 的意见，请核对后再试。") }
            return try jsonResponse(found)
        }
        guard let found else {
            return pages.message("没有找到这条回执", "回执码 \(typed) 不存在，请核对后再试（不区分大小写，可不输入横线）。", status: .notFound, back: "/")
        }
        var values = try await receiptValues(database, found)
        var setCookie: String?
        if let opinion = try await database.queryFirst("SELECT id FROM opinions WHERE receipt_code = \(found.receiptCode)") {
            let id = try opinion.string("id")
            if let link = try await suggestionBoardLink(database, opinion: id, boardBase: publicURLs[.supervision] ?? "") { values["boardLink"] = link }
            switch try await ratingEligibility(database, opinion: id) {
            case .open:
                let (nonce, cookie) = protection.nonce(for: request)
                setCookie = cookie
                values["rating"] = ["csrf": protection.token(for: nonce)]
            case .rated(let satisfaction):
                values["rated"] = publicSatisfactionName(satisfaction)
            case .notYet:
                break
            }
        }
        return pages.page("receipt", values, setCookie: setCookie)
    }

    router.post("r/{code}/rating") { request, context in
        let raw = try context.parameters.require("code")
        guard let code = ReceiptCode.normalize(raw.removingPercentEncoding ?? raw) else {
            return pages.message("没有找到这条回执", "回执码格式不正确。", status: .notFound)
        }
        let body = try await request.body.collect(upTo: 16 * 1024)
        let form = try? URLEncodedFormDecoder().decode(RatingForm.self, from: String(buffer: body))
        guard let form, protection.accepts(request, token: form.csrf) else {
            return pages.message("页面已过期", "请返回回执页面重新评价。", status: .forbidden, back: "/r/\(code)")
        }
        guard let satisfaction = form.satisfaction.flatMap(Satisfaction.init(rawValue:)) else {
            return pages.message("请选择评价", "请选择满意、基本满意或不满意。", status: .unprocessableContent, back: "/r/\(code)")
        }
        do {
            try limiter.take(for: context.clientAddress(of: request, trusting: proxies) ?? "unknown")
            try await submitPublicRating(satisfaction, receiptCode: code, environment: environment)
        } catch let problem as Problem {
            return pages.message("无法评价", problem.detail ?? problem.title, status: HTTPResponse.Status(code: problem.status), back: "/r/\(code)")
        } catch let limited as RateLimited {
            return pages.message("提交太频繁", "请稍等 \(limited.retryAfterSeconds) 秒后再提交。", status: .tooManyRequests, back: "/r/\(code)")
        }
        return Response(status: .seeOther, headers: [.location: "/r/\(code)"])
    }

    router.get("s/{code}/poster") { _, context in
        let code = try context.parameters.require("code")
        guard let station = try await publicStation(database, code: code) else {
            return pages.message("没有找到这个站点", "请核对站点代码。", status: .notFound)
        }
        let url = stationPageURL(baseURL: environment.configuration.publicBaseURL, station: code)
        return pages.page("poster", [
            "station": stationDictionary(station), "kindName": stationKindName(station.kind), "stationURL": url,
            "qrSVG": try QRCode(encoding: url).svg(title: "\(station.name) 二维码"),
            "deputies": (station.deputies ?? []).map(deputyDictionary),
        ])
    }
}

/// The receipt page's rating form.
struct RatingForm: Codable {
    var csrf: String?
    var satisfaction: String?
}

extension Optional {
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
