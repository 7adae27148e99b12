import ParleyCore

/// What to export (contract §4): the transcript, the joint report, or the report draft
/// with each section's owner, version, brackets and signatures.
public enum ExportView: String, CaseIterable, Sendable {
    case transcript
    case report
    case draft
}

/// How to render it.
public enum ExportFormat: String, CaseIterable, Sendable {
    case md
    case html
    case json
    case txt

    public var contentType: String {
        switch self {
        case .md: "text/markdown; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        case .json: "application/json; charset=utf-8"
        case .txt: "text/plain; charset=utf-8"
        }
    }

    public var fileExtension: String { rawValue }
}

/// One export request, parsed from the contract's words with the contract's defaults.
public struct ExportRequest: Equatable, Sendable {
    public var view: ExportView
    public var format: ExportFormat
    /// Nil means the session's own `rules.attribution`.
    public var attribution: Attribution?
    /// `channels=private`: a transcript also holds the private channels (contract §6) the
    /// viewer heard live. The report and the draft never do.
    public var includePrivateChannels: Bool
    /// `language=ru`: a transcript shows each contribution's translation into it, beside
    /// the original.
    public var language: LanguageTag?

    public init(
        view: ExportView = .transcript, format: ExportFormat = .md, attribution: Attribution? = nil,
        includePrivateChannels: Bool = false, language: LanguageTag? = nil
    ) {
        self.view = view
        self.format = format
        self.attribution = attribution
        self.includePrivateChannels = includePrivateChannels
        self.language = language
    }

    /// Parses `view`, `format`, `attribution`, `channels` (`main` or `private`) and
    /// `language`; a missing one takes its default, an unknown one is refused.
    public init(
        view: String?, format: String?, attribution: String?, channels: String? = nil, language: String? = nil
    ) throws(Refusal) {
        func parse<T: RawRepresentable & CaseIterable>(_ text: String?, _ name: String, _ fallback: T?) throws(Refusal)
            -> T? where T.RawValue == String
        {
            guard let text else { return fallback }
            guard let value = T(rawValue: text) else {
                let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
                throw Refusal(.invalid, "\(name) must be one of: \(allowed)")
            }
            return value
        }
        self.view = try parse(view, "view", ExportView.transcript)!
        self.format = try parse(format, "format", ExportFormat.md)!
        self.attribution = try parse(attribution, "attribution", nil as Attribution?)
        switch channels {
        case nil, "main": includePrivateChannels = false
        case "private": includePrivateChannels = true
        default: throw Refusal(.invalid, "channels must be one of: main, private")
        }
        if let language {
            guard let tag = LanguageTag(parsing: language) else {
                throw Refusal(.invalid, "language must be a BCP 47 tag such as ru, hy, az-Latn or en-GB")
            }
            self.language = tag
        } else {
            self.language = nil
        }
    }
}
