import Hummingbird
import ParleyCore
import ParleyEngine
import ParleyReports

/// `GET /api/sessions/{id}/export?view=transcript|report|draft&format=md|html|json|txt&attribution=names|sides`
/// (contract §2 and §4), with the extensions `channels=main|private` and `language=TAG`
/// (contract §6): the rendered document, as the caller may see the session.
struct ExportRoute {
    let access: SessionAccess

    /// Exported HTML is a document to read and print: its own stylesheet, nothing else.
    static let documentPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"

    func add(to router: Router<ParleyRequestContext>) {
        router.get("/api/sessions/:id/export") { request, context in
            let (session, caller) = try await access.authorized(request, context)
            let state = try await session.current()
            try state.checkExport(by: caller.participant, attribution: nil)
            let query = request.uri.queryParameters
            let exportRequest = try ExportRequest(
                view: query.get("view"), format: query.get("format"), attribution: query.get("attribution"),
                channels: query.get("channels"), language: query.get("language"))
            try state.checkExport(by: caller.participant, attribution: exportRequest.attribution)
            let journal = await session.committedEvents
            let text = try Exporter.render(journal: journal, viewer: caller.viewer, request: exportRequest)
            var headers = HTTPFields()
            headers[.contentType] = exportRequest.format.contentType
            headers[.contentDisposition] = "inline; filename=\"\(Exporter.fileName(exportRequest))\""
            headers[.contentSecurityPolicy] = Self.documentPolicy
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: .init(string: text)))
        }
    }
}
