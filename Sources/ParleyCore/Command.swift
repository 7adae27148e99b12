/// Everything that can change a session. Live commands come from the WebSocket (contract
/// §3); `addParticipant` and `removeParticipant` from the HTTP API.
public enum Command: Equatable, Sendable {
    case post(Post)
    case amend(contribution: ContributionID, text: String)
    /// Keys are bound to the text read: `version` is the contribution's version the co-chair
    /// (or moderator) saw.
    case endorse(contribution: ContributionID, version: Int)
    case withdrawEndorsement(contribution: ContributionID)
    case redact(contribution: ContributionID, reason: String)
    case approve(contribution: ContributionID, version: Int)
    case reject(contribution: ContributionID, version: Int, reason: String?)
    case raiseHand
    case lowerHand
    case grantFloor(participant: ParticipantID)
    case openItem(ItemID)
    case closeItem(ItemID)
    case mute(participant: ParticipantID, seconds: Int, reason: String?)
    case unmute(participant: ParticipantID)
    case setRules(RulesPatch)
    case closeSession
    case addParticipant(NewParticipant)
    case removeParticipant(ParticipantID, reason: String?)
    // The joint report draft (contract §5).
    case seedReport
    case addSection(title: String, owner: SectionOwner, after: SectionID?, text: String?)
    case editSection(SectionID, version: Int, text: String, title: String?)
    case suggest(SectionID, version: Int, text: String, note: String?)
    case applySuggestion(Seq)
    case dismissSuggestion(Seq, reason: String?)
    case signSection(SectionID, version: Int)
    case withdrawSignature(SectionID)
    case moveSection(SectionID, after: SectionID?)
    case removeSection(SectionID)
    case finalizeReport
    // Facilitation (contract §6).
    case acceptRules(version: Int)
    /// `from` is the phase the sender saw, when given.
    case advancePhase(ItemID, from: Phase?)
    case translate(contribution: ContributionID, language: LanguageTag, text: String)
    /// `translation` is the seq of the `translated` event the verifier read, when given.
    case verifyTranslation(contribution: ContributionID, language: LanguageTag, translation: Seq?)

    /// The command's name on the wire (`type`), also used as a metrics label.
    public var name: String {
        switch self {
        case .post: "post"
        case .amend: "amend"
        case .endorse: "endorse"
        case .withdrawEndorsement: "withdrawEndorsement"
        case .redact: "redact"
        case .approve: "approve"
        case .reject: "reject"
        case .raiseHand: "raiseHand"
        case .lowerHand: "lowerHand"
        case .grantFloor: "grantFloor"
        case .openItem: "openItem"
        case .closeItem: "closeItem"
        case .mute: "mute"
        case .unmute: "unmute"
        case .setRules: "setRules"
        case .closeSession: "closeSession"
        case .addParticipant: "addParticipant"
        case .removeParticipant: "removeParticipant"
        case .seedReport: "seedReport"
        case .addSection: "addSection"
        case .editSection: "editSection"
        case .suggest: "suggest"
        case .applySuggestion: "applySuggestion"
        case .dismissSuggestion: "dismissSuggestion"
        case .signSection: "signSection"
        case .withdrawSignature: "withdrawSignature"
        case .moveSection: "moveSection"
        case .removeSection: "removeSection"
        case .finalizeReport: "finalizeReport"
        case .acceptRules: "acceptRules"
        case .advancePhase: "advancePhase"
        case .translate: "translate"
        case .verifyTranslation: "verifyTranslation"
        }
    }
}
