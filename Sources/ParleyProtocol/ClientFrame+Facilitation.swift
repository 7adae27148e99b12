import Foundation
import ParleyCore

extension ClientFrame {
    /// The facilitation commands of contract §6; nil for any other type.
    static func facilitationCommand(_ type: String, _ data: Data, _ decoder: JSONDecoder) throws -> Command? {
        switch type {
        case "acceptRules":
            guard let version = try decoder.decode(AcceptFields.self, from: data).version else {
                throw Refusal(.invalid, "acceptRules needs 'version', the version of the ground rules you read")
            }
            return .acceptRules(version: version)
        case "advancePhase":
            let fields = try decoder.decode(PhaseFields.self, from: data)
            return .advancePhase(fields.item, from: fields.from)
        case "translate":
            let fields = try decoder.decode(TranslationFields.self, from: data)
            guard let text = fields.text else { throw Refusal(.invalid, "translate needs 'text'") }
            return .translate(contribution: fields.contribution, language: try fields.tag(), text: text)
        case "verifyTranslation":
            let fields = try decoder.decode(TranslationFields.self, from: data)
            return .verifyTranslation(
                contribution: fields.contribution, language: try fields.tag(), translation: fields.translation)
        default:
            return nil
        }
    }

    private struct AcceptFields: Decodable {
        var version: Int?
    }

    private struct PhaseFields: Decodable {
        var item: ItemID
        var from: Phase?
    }

    private struct TranslationFields: Decodable {
        var contribution: ContributionID
        var language: String
        var text: String?
        var translation: Seq?

        func tag() throws(Refusal) -> LanguageTag {
            guard let tag = LanguageTag(parsing: language) else {
                throw Refusal(.invalid, "'language' must be a BCP 47 tag such as ru, hy, az-Latn or en-GB")
            }
            return tag
        }
    }
}
