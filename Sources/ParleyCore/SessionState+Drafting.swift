/// Drafting the joint report (contract §5): who may write which section, keys bound to the
/// version read, brackets that block signatures, and a final text that no one can change.
///
/// Parity: a side's section is written by that side only; joint sections by the co-chairs
/// and the neutral facilitator; anyone who speaks for a side may suggest on any section,
/// and an editor of that section applies or dismisses the suggestion. Signatures are the
/// co-chairs'; removal, like closing the session, needs both of them or the facilitator.
extension SessionState {
    /// In UTF-8 bytes, so that a whole section fits in one 64 KiB frame in any script.
    static let maxSectionBytes = 48_000
    static let maxSections = 200
    static let maxPendingSuggestionsPerParticipant = 20

    func decideSeedReport(_ caller: Issuer, _ batch: inout EventBatch) throws(Refusal) {
        try requireDraftModerator(caller, "seed the report")
        try requireDrafting()
        try require(report.sections.isEmpty, .conflict, "the draft already has sections: seed only an empty draft")
        var sections: [SectionContent] = []
        for (index, seeded) in ReportSeed(self).sections.enumerated() {
            // The seed keeps every rule a draft keeps; an agenda title holding a held term is the one way to fail.
            sections.append(
                SectionContent(
                    id: report.nextSectionID(offset: index), title: try checkedSectionTitle(seeded.title),
                    owner: seeded.owner, text: try checkedSectionText(seeded.text)))
        }
        batch.append(.reportSeeded(.init(sections: sections, by: caller.principal)))
    }

    func decideAddSection(
        _ title: String, _ owner: SectionOwner, _ after: SectionID?, _ text: String?, _ caller: Issuer,
        _ batch: inout EventBatch
    ) throws(Refusal) {
        try requireDraftModerator(caller, "add sections")
        try requireDrafting()
        try requireVoice(caller, at: batch.at)
        if case .side(let side) = owner {
            try require(spec.side(side) != nil, .invalid, "owner is 'joint' or a side id, not '\(side)'")
            try require(
                caller.isFacilitator || caller.side == side, .forbidden,
                "a co-chair adds joint sections and their own side's only")
        }
        try require(
            report.sections.count < Self.maxSections, .invalid, "a draft has at most \(Self.maxSections) sections")
        let title = try checkedSectionTitle(title)
        let text = try checkedSectionText(text ?? "")
        if case .side = owner, caller.isFacilitator {
            try require(text.isEmpty, .forbidden, "the facilitator is neutral and writes no side's text")
        }
        let after = try after.map { id throws(Refusal) in try section(id).id } ?? report.sections.last?.id
        let content = SectionContent(id: report.nextSectionID(), title: title, owner: owner, text: text)
        batch.append(.sectionAdded(.init(section: content, after: after, by: caller.principal)))
    }

    func decideEditSection(
        _ id: SectionID, _ version: Int, _ text: String, _ title: String?, _ caller: Issuer,
        _ batch: inout EventBatch
    ) throws(Refusal) {
        try requireDrafting()
        let section = try section(id)
        try requireEditor(of: section, caller)
        try requireVoice(caller, at: batch.at)
        try requireCurrent(section, version)
        let text = try checkedSectionText(text)
        let title = try title.map { t throws(Refusal) in try checkedSectionTitle(t) } ?? section.title
        try require(text != section.text || title != section.title, .invalid, "the text and title are unchanged")
        batch.append(.sectionEdited(edit(section, title: title, text: text, caller, suggestion: nil)))
    }

    func decideSuggest(
        _ id: SectionID, _ version: Int, _ text: String, _ note: String?, _ caller: Issuer, _ batch: inout EventBatch
    ) throws(Refusal) {
        guard let author = caller.participant, author.role.speaksForSide else {
            throw Refusal(.forbidden, "co-chairs and members suggest")
        }
        try requireDrafting()
        let section = try section(id)
        try requireVoice(caller, at: batch.at)
        try requireCurrent(section, version)
        let text = try checkedSectionText(text)
        try require(text != section.text, .invalid, "the suggestion is the section's text as it stands")
        let note = try checkedNote(note)
        try require(
            report.pendingSuggestions.count { $0.by == author.id } < Self.maxPendingSuggestionsPerParticipant, .invalid,
            "at most \(Self.maxPendingSuggestionsPerParticipant) of your suggestions may wait at once")
        batch.append(
            .suggested(
                .init(
                    suggestion: batch.nextSeq, section: id, version: version, text: text, note: note, by: author.id,
                    side: author.side)))
    }

    func decideApplySuggestion(_ id: Seq, _ caller: Issuer, _ batch: inout EventBatch) throws(Refusal) {
        try requireDrafting()
        let suggestion = try pendingSuggestion(id)
        let section = try section(suggestion.section)
        try requireEditor(of: section, caller)
        try requireVoice(caller, at: batch.at)
        try require(
            suggestion.version == section.version, .conflict,
            "section \(section.id) is at version \(section.version); suggestion \(id) was made on version \(suggestion.version)"
        )
        // The rules may have gained a held term, or a passage been redacted, since the suggestion was made.
        let text = try checkedSectionText(scrubbed(suggestion.text))
        batch.append(.suggestionApplied(.init(suggestion: id, section: section.id, by: caller.principal)))
        batch.append(.sectionEdited(edit(section, title: section.title, text: text, caller, suggestion: id)))
    }

    func decideDismissSuggestion(_ id: Seq, _ reason: String?, _ caller: Issuer, _ batch: inout EventBatch)
        throws(Refusal)
    {
        try requireDrafting()
        let suggestion = try pendingSuggestion(id)
        let section = try section(suggestion.section)
        try requireEditor(of: section, caller)
        let reason = try checkedNote(reason)
        batch.append(
            .suggestionDismissed(
                .init(suggestion: id, section: section.id, by: caller.principal, reason: reason)))
    }

    func decideSignSection(_ id: SectionID, _ version: Int, _ caller: Issuer, _ batch: inout EventBatch)
        throws(Refusal)
    {
        let side = try cochairSide(caller, "sign sections")
        try requireDrafting()
        let section = try section(id)
        try requireCurrent(section, version)
        try require(
            section.brackets == 0, .invalid,
            "section \(id) still holds \(section.brackets) bracket\(section.brackets == 1 ? "" : "s"): agree the text before signing"
        )
        // The rules may have gained a held term since the text was written.
        try requireNoHeldTerm(section.title + "\n" + section.text, "section \(id)")
        try require(
            section.signatures[side]?.version != section.version, .conflict,
            "your side already signed version \(version)")
        batch.append(.sectionSigned(.init(section: id, version: version, side: side, by: caller.principal)))
    }

    func decideWithdrawSignature(_ id: SectionID, _ caller: Issuer, _ batch: inout EventBatch) throws(Refusal) {
        let side = try cochairSide(caller, "withdraw signatures")
        try requireDrafting()
        let section = try section(id)
        try require(
            section.signatures[side]?.version == section.version, .conflict,
            "your side has not signed the current version of section \(id)")
        batch.append(
            .signatureWithdrawn(.init(section: id, version: section.version, side: side, by: caller.principal)))
    }

    func decideMoveSection(_ id: SectionID, _ after: SectionID?, _ caller: Issuer, _ batch: inout EventBatch)
        throws(Refusal)
    {
        try requireDraftModerator(caller, "move sections")
        try requireDrafting()
        let section = try section(id)
        if let after {
            try require(after != id, .invalid, "a section cannot follow itself")
            _ = try self.section(after)
        }
        let index = report.sections.firstIndex { $0.id == section.id }!
        let current = index == 0 ? nil : report.sections[index - 1].id
        try require(current != after, .conflict, "section \(id) is already there")
        batch.append(
            .sectionMoved(.init(section: id, after: after, by: caller.principal, cleared: section.signedBy(spec.sides)))
        )
    }

    /// The facilitator removes at once; co-chairs remove together.
    func decideRemoveSection(_ id: SectionID, _ caller: Issuer, _ batch: inout EventBatch) throws(Refusal) {
        try requireDraftModerator(caller, "remove sections")
        try requireDrafting()
        let section = try section(id)
        if caller.isFacilitator {
            batch.append(.sectionRemoved(.init(section: id, by: caller.principal)))
            return
        }
        let side = try cochairSide(caller, "remove sections")
        let requested = section.removalRequestedBy(spec.sides)
        try require(!requested.contains(side), .conflict, "your side already asked to remove \(id)")
        batch.append(
            .sectionRemovalRequested(.init(section: id, version: section.version, side: side, by: caller.principal)))
        if spec.sides.allSatisfy({ $0.id == side || requested.contains($0.id) }) {
            batch.append(.sectionRemoved(.init(section: id, by: caller.principal)))
        }
    }

    func decideFinalizeReport(_ caller: Issuer, _ batch: inout EventBatch) throws(Refusal) {
        try requireDraftModerator(caller, "finalise the report")
        try requireDrafting()
        try require(!report.sections.isEmpty, .invalid, "the draft has no section to finalise")
        let unsigned = report.sections.filter { !$0.isSignedByBoth(spec.sides) }.map(\.id.rawValue)
        try require(
            unsigned.isEmpty, .conflict,
            "every section needs both co-chairs' signatures on its current version; not yet: \(unsigned.joined(separator: ", "))"
        )
        for section in report.sections {
            try requireNoHeldTerm(section.title + "\n" + section.text, "section \(section.id)")
        }
        let date = spec.report?.date ?? batch.at.monthAndYear
        let signed = report.sections.map {
            EventBody.ReportFinalized.SignedSection(id: $0.id, version: $0.version, sha256: SHA256Digest.hex($0.text))
        }
        let cochairs = spec.sides.compactMap { side -> EventBody.ReportFinalized.Signatory? in
            cochair(of: side.id).map { .init(participant: $0.id, name: $0.name, side: side.id) }
        }
        batch.append(
            .reportFinalized(
                .init(
                    by: caller.principal, date: date, sections: signed, cochairs: cochairs, authors: authors.map(\.id)))
        )
    }

    // MARK: Checks

    private func requireDrafting() throws(Refusal) {
        try require(report.state == .drafting, .closed, "the report is final: its text can no longer change")
    }

    private func requireDraftModerator(_ caller: Issuer, _ action: String) throws(Refusal) {
        try require(
            caller.isFacilitator || caller.isCochair, .forbidden, "only the facilitator and co-chairs \(action)")
    }

    private func requireVoice(_ caller: Issuer, at now: Instant) throws(Refusal) {
        if let id = caller.participant?.id { try require(!isMuted(id, at: now), .muted, "you are muted") }
    }

    private func cochairSide(_ caller: Issuer, _ action: String) throws(Refusal) -> SideID {
        guard caller.isCochair, let side = caller.side else { throw Refusal(.forbidden, "only co-chairs \(action)") }
        return side
    }

    /// A joint section: the facilitator and co-chairs; a side's: that side's co-chair and members.
    func mayEdit(_ section: ReportSection, _ caller: Issuer) -> Bool {
        switch section.owner {
        case .joint: caller.isFacilitator || caller.isCochair
        case .side(let side): caller.role?.speaksForSide == true && caller.side == side
        }
    }

    private func requireEditor(of section: ReportSection, _ caller: Issuer) throws(Refusal) {
        guard !mayEdit(section, caller) else { return }
        switch section.owner {
        case .joint: throw Refusal(.forbidden, "joint sections are edited by the co-chairs and the facilitator")
        case .side(let side):
            let name = spec.side(side)?.name ?? side.rawValue
            throw Refusal(.forbidden, "section \(section.id) is \(name)'s: only its co-chair and members edit it")
        }
    }

    private func requireCurrent(_ section: ReportSection, _ version: Int) throws(Refusal) {
        try require(
            section.version == version, .conflict,
            "section \(section.id) is at version \(section.version), not \(version)")
    }

    private func section(_ id: SectionID) throws(Refusal) -> ReportSection {
        guard let section = report.section(id) else { throw Refusal(.notFound, "no section \(id)") }
        return section
    }

    private func pendingSuggestion(_ id: Seq) throws(Refusal) -> Suggestion {
        guard let suggestion = report.suggestions[id] else { throw Refusal(.notFound, "no suggestion \(id)") }
        switch suggestion.status {
        case .pending: return suggestion
        case .applied: throw Refusal(.conflict, "suggestion \(id) was already applied")
        case .dismissed: throw Refusal(.conflict, "suggestion \(id) was dismissed")
        }
    }

    /// A section text as stored: LF line breaks, no other control character and no bidi
    /// override, within the limit, brackets that parse, no held term.
    func checkedSectionText(_ text: String) throws(Refusal) -> String {
        let text = text.normalizedLineBreaks
        try require(
            text.isMultilineText, .invalid, "a section text holds no control characters but line breaks and tabs")
        try require(!text.hasBidiControls, .invalid, "a section text holds no bidi embedding, override or isolate")
        try require(
            text.utf8.count <= Self.maxSectionBytes, .tooLong,
            "a section text is longer than \(Self.maxSectionBytes) bytes of UTF-8 (about half as many Armenian or Cyrillic letters)"
        )
        _ = try Brackets.parse(text)
        try requireNoHeldTerm(text, "the text")
        return text
    }

    func checkedSectionTitle(_ title: String) throws(Refusal) -> String {
        let title = String(title.trimmed)
        try require(!title.isEmpty, .invalid, "a section needs a title")
        try require(title.isSingleLine, .invalid, "a title is one line without control characters")
        try require(!title.hasBidiControls, .invalid, "a title holds no bidi embedding, override or isolate")
        try require(
            title.count <= SessionSpec.maxTitleLength, .tooLong,
            "a title is longer than \(SessionSpec.maxTitleLength) characters")
        try require(
            Brackets.areValid(in: title) && Brackets.count(in: title) == 0, .invalid, "a title holds no brackets")
        try requireNoHeldTerm(title, "the title")
        return title
    }

    /// A suggestion's note or a dismissal's reason: one short line, as every reason.
    private func checkedNote(_ note: String?) throws(Refusal) -> String? {
        try checkedReason(note, required: false)
    }

    /// `signatureWithdrawn` for every signature of a co-chair who is leaving the session:
    /// a key stays with the person who turned it.
    func withdrawSignatures(of leaving: Participant, by principal: Principal, _ batch: inout EventBatch) {
        guard leaving.role == .cochair, let side = leaving.side, report.state == .drafting else { return }
        for section in report.sections {
            guard let signature = section.signatures[side], signature.by == .participant(leaving.id) else { continue }
            batch.append(
                .signatureWithdrawn(.init(section: section.id, version: signature.version, side: side, by: principal)))
        }
    }

    private func requireNoHeldTerm(_ text: String, _ field: String) throws(Refusal) {
        let terms = HeldTermMatcher(terms: rules.heldTerms).matches(in: text)
        try require(
            terms.isEmpty, .invalid,
            "\(field) holds the held term \(terms.map { "'\($0)'" }.joined(separator: ", ")): a draft never holds one")
    }

    func edit(
        _ section: ReportSection, title: String, text: String, _ caller: Issuer, suggestion: Seq?
    ) -> EventBody.SectionEdited {
        EventBody.SectionEdited(
            section: section.id, version: section.version + 1, replaced: section.version, title: title, text: text,
            by: caller.principal, cleared: section.signedBy(spec.sides), suggestion: suggestion)
    }
}

/// Redaction reaches the draft: the words of a redacted contribution are replaced by its
/// tombstone wherever the draft holds them as the seed wrote them.
extension SessionState {
    /// Shorter texts are not searched for, so that a redacted "Agreed." does not erase
    /// every "Agreed." that anyone wrote.
    static let minimumRedactedPassage = 12

    /// The forms in which the seed may have written a contribution's words.
    func passages(of contribution: Contribution) -> [String] {
        var forms: [String] = []
        for part in [contribution.text] + (contribution.options ?? []) {
            let clean = ReportSeed.clean(part)
            forms.append(clean)
            let word = clean.prefix { $0.isLetter }
            if let first = clean.unicodeScalars.first, first.isLatinLetter, !first.properties.isLowercase {
                forms.append(word.lowercased() + clean.dropFirst(word.count))
            }
        }
        return forms.filter { $0.count >= Self.minimumRedactedPassage }
    }

    /// `text` with the words of every redacted contribution replaced by its tombstone.
    public func scrubbed(_ text: String) -> String {
        var text = text
        // Only what was said in the open: scrubbing a private line would confirm its words to
        // whoever typed them into the draft.
        for contribution in contributions.values where contribution.redaction != nil && !contribution.channel.isPrivate
        {
            guard let tombstone = tombstone(of: contribution.id) else { continue }
            for passage in passages(of: contribution) where text.contains(passage) {
                text = text.replacing(passage, with: tombstone)
            }
        }
        return text
    }

    /// After a redaction: an edit of every draft section that holds the redacted words.
    /// A private line is never scrubbed from the draft: a public edit would tell everyone
    /// what was said in private.
    func scrubDraft(of contribution: Contribution, reason: String, _ caller: Issuer, _ batch: inout EventBatch) {
        guard report.state == .drafting, !contribution.channel.isPrivate else { return }
        let tombstone = Self.tombstone(reason: reason)
        let passages = passages(of: contribution)
        for section in report.sections {
            var text = section.text
            for passage in passages where text.contains(passage) { text = text.replacing(passage, with: tombstone) }
            guard text != section.text else { continue }
            batch.append(.sectionEdited(edit(section, title: section.title, text: text, caller, suggestion: nil)))
        }
    }
}
