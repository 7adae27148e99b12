import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOFoundationEssentialsCompat
import ParleyCore
import ParleyEngine

extension ErrorCode {
    /// The HTTP status of each contract error code; a code without one is a server error.
    var status: HTTPResponse.Status {
        Self.statuses[self] ?? .internalServerError
    }

    private static let statuses: [ErrorCode: HTTPResponse.Status] = [
        .invalid: .badRequest, .tooLong: .badRequest, .unauthorized: .unauthorized, .forbidden: .forbidden,
        .muted: .forbidden, .notFound: .notFound, .conflict: .conflict, .closed: .conflict,
        .tooLarge: .contentTooLarge, .rateLimited: .tooManyRequests, .unavailable: .serviceUnavailable,
    ]

    /// The code for an HTTP status raised outside Parley's own code (routing, body limits).
    init(status: HTTPResponse.Status) {
        switch status.code {
        case 401: self = .unauthorized
        case 403: self = .forbidden
        case 404, 405: self = .notFound
        case 409: self = .conflict
        case 413: self = .tooLarge
        case 429: self = .rateLimited
        case 500...: self = .unavailable
        default: self = .invalid
        }
    }
}

/// A refusal answers as the contract says, wherever Hummingbird meets it: its code's
/// status and `{"error":{"code","message"}}`.
extension Refusal: HTTPResponseError {
    public var status: HTTPResponse.Status { code.status }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSON.error(self)
    }
}

extension EngineFailure: HTTPResponseError {
    /// The failure as clients are told it, over HTTP and the live protocol alike.
    public var refusal: Refusal { Refusal(.unavailable, description) }

    public var status: HTTPResponse.Status { .serviceUnavailable }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSON.error(refusal, status: status, unconfirmed: !isSafeToRetry)
    }
}

extension CommandFailure: HTTPResponseError {
    public var status: HTTPResponse.Status {
        switch self {
        case .refused(let refusal): refusal.status
        case .failed(let failure): failure.status
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        switch self {
        case .refused(let refusal): try refusal.response(from: request, context: context)
        case .failed(let failure): try failure.response(from: request, context: context)
        }
    }
}

/// Turns Hummingbird's own errors and unexpected failures into the contract's JSON shape
/// too (`{"error":{"code","message"}}`); Parley's errors answer for themselves.
struct JSONErrorMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let code = ErrorCode(status: error.status)
            return JSON.error(Refusal(code, error.body ?? error.status.reasonPhrase), status: error.status)
        } catch let error as any HTTPResponseError {
            return try error.response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            return JSON.error(Refusal(.unavailable, "internal error"), status: .internalServerError)
        }
    }
}

/// JSON bodies in and out.
enum JSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws
        -> Response
    {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: .init(data: try encoder().encode(value))))
    }

    /// `unconfirmed`: the write may be on disk, so the client reads before retrying (an
    /// extension, as on the live protocol).
    static func error(_ refusal: Refusal, status: HTTPResponse.Status? = nil, unconfirmed: Bool = false) -> Response {
        error(
            code: refusal.code.rawValue, message: refusal.message, status: status ?? refusal.code.status,
            unconfirmed: unconfirmed)
    }

    /// The error body for a code of HTTP's own, beside the contract's (`methodNotAllowed`).
    static func error(
        code: String, message: String, status: HTTPResponse.Status, headers: HTTPFields = [:],
        unconfirmed: Bool = false
    ) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: status, headers: headers,
            body: .init(byteBuffer: .init(data: errorBody(code: code, message: message, unconfirmed: unconfirmed))))
    }

    private struct ErrorBody: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
            var unconfirmed: Bool?
        }
        var error: Detail
    }

    /// The contract's error body, `{"error":{"code","message"}}` (and `"unconfirmed": true`
    /// where it applies): the one place it is written.
    static func errorBody(code: String, message: String, unconfirmed: Bool = false) -> Data {
        let body = ErrorBody(error: .init(code: code, message: message, unconfirmed: unconfirmed ? true : nil))
        return (try? encoder().encode(body)) ?? Data()
    }

    /// Decodes a request body, refusing what is too large or malformed with the contract's codes.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: ParleyRequestContext)
        async throws -> T
    {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw Refusal(.tooLarge, "the request body is larger than \(context.maxUploadSize) bytes")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw Refusal(.invalid, describe(error))
        } catch {
            throw Refusal(.invalid, "the body is not valid JSON")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "field '\(path(context.codingPath))' has the wrong type"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "the body is not valid JSON" : "field '\(path(context.codingPath))' is invalid"
        @unknown default:
            return "the body is not valid JSON"
        }
    }
}
