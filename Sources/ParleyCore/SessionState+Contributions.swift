/// Posting, amending and endorsing: how words enter the record and become joint text.
extension SessionState {
    static let maxOptions = 26

    /// Who may speak in a channel: a side's caucus is its co-chair and members; the chairs'
    /// channel is the co-chairs and the facilitator. Private channels take chat only.
    func requireMayPost(in channel: ChatChannel, _ author: Participant, kind: ContributionKind) throws(Refusal) {
        guard channel.isPrivate else { return }
        try require(kind == .chat, .invalid, "only chat goes to the \(channel.rawValue) channel")
        switch channel {
        case .main: break
        case .caucus: try require(author.role.speaksForSide, .forbidden, "only co-chairs and members have a caucus")
        case .chairs:
            try require(
                author.role.moderates, .forbidden, "the chairs' channel is the co-chairs' and the facilitator's")
        }
    }

    /// Slow mode: a post or a translation at most every `slowModeSeconds`.
    func requireSlowMode(_ author: ParticipantID, at now: Instant) throws(Refusal) {
        guard rules.slowModeSeconds > 0, let last = lastPostAt[author] else { return }
        try require(
            now >= last.adding(seconds: rules.slowModeSeconds), .rateLimited,
            "slow mode: wait \(rules.slowModeSeconds) seconds between posts")
    }

    /// The held terms in `text`: they moderate what the other side reads, so a private
    /// channel, read only by the author's own group, has none.
    func heldTermsRead(in text: String, by channel: ChatChannel) -> [String] {
        channel.isPrivate ? [] : HeldTermMatcher(terms: rules.heldTerms).matches(in: text)
    }

    func decidePost(_ post: Post, _ caller: Issuer, _ batch: inout EventBatch) throws(Refusal) {
        guard let author = caller.participant, author.role != .observer else {
            throw Refusal(.forbidden, "only co-chairs, members and the facilitator post")
        }
        try require(
            author.role.speaksForSide || post.kind == .chat, .forbidden,
            "the facilitator is neutral and posts chat only")
        let item = try item(post.item)
        let channel = post.channel ?? .main
        try requireMayPost(in: channel, author, kind: post.kind)
        // Private channels run beside the agenda: the chairs may confer about a closed item.
        if !channel.isPrivate { try require(isOpen(item), .closed, "agenda item '\(item)' is closed") }
        try requirePhaseAllows(post.kind, in: item)
        try require(!isMuted(author.id, at: batch.at), .muted, "you are muted")
        if rules.floor == .queue && post.kind != .chat {
            try require(floorHolder == author.id, .forbidden, "wait for the floor: raise your hand")
        }
        try requireSlowMode(author.id, at: batch.at)
        try checkedText(post.text)
        if let options = post.options {
            try require(post.kind == .recommendation, .invalid, "only recommendations have options")
            try require(
                (1...Self.maxOptions).contains(options.count), .invalid,
                "a recommendation has 1 to \(Self.maxOptions) options")
            for option in options { try checkedText(option, field: "each option") }
        }
        if let replyTo = post.replyTo {
            let original = try visibleContribution(replyTo, to: caller)
            try require(original.item == item, .invalid, "a reply stays on the item of what it answers")
            try require(original.channel == channel, .invalid, "a reply stays in the channel of what it answers")
        }
        let heldTerms = heldTermsRead(
            in: post.text + "\n" + (post.options ?? []).joined(separator: "\n"), by: channel)
        let id = batch.nextSeq
        batch.append(
            .contributed(
                .init(
                    contribution: id, author: author.id, side: author.side, item: item, kind: post.kind,
                    text: post.text, replyTo: post.replyTo, options: post.options,
                    held: heldTerms.isEmpty ? nil : true, channel: channel.isPrivate ? channel : nil)))
        if !heldTerms.isEmpty {
            batch.append(.held(.init(contribution: id, author: author.id, terms: heldTerms)))
        } else if post.kind.needsEndorsement, author.role == .cochair, let side = author.side {
            // A co-chair's own proposal counts as their side's endorsement.
            batch.append(.endorsed(.init(contribution: id, side: side, by: caller.principal, version: 1)))
        }
    }

    func decideAmend(_ id: ContributionID, _ text: String, _ caller: Issuer, _ batch: inout EventBatch)
        throws(Refusal)
    {
        let contribution = try visibleContribution(id, to: caller)
        try require(contribution.author == caller.participant?.id, .forbidden, "only the author amends")
        try require(contribution.redaction == nil, .conflict, "contribution \(id) was redacted")
        try require(contribution.moderation != .rejected, .conflict, "contribution \(id) was rejected")
        try require(!contribution.adopted, .conflict, "contribution \(id) is adopted; its text is final")
        if !contribution.channel.isPrivate {
            try require(isOpen(contribution.item), .closed, "agenda item '\(contribution.item)' is closed")
        }
        try require(!isMuted(contribution.author, at: batch.at), .muted, "you are muted")
        let deadline = contribution.postedAt.adding(seconds: rules.editWindowSeconds)
        try require(batch.at <= deadline, .closed, "the edit window of \(rules.editWindowSeconds) seconds has passed")
        try checkedText(text)
        try require(text != contribution.text, .invalid, "the text is unchanged")
        let isHeld = contribution.moderation == .held
        let heldTerms = heldTermsRead(in: text, by: contribution.channel)
        try require(
            isHeld || heldTerms.isEmpty, .invalid,
            "an amendment cannot add a held term; post it anew to have it moderated")
        let version = contribution.version + 1
        let cleared = spec.sides.map(\.id).filter { contribution.endorsements[$0] == contribution.version }
        batch.append(
            .amended(
                .init(
                    contribution: id, author: contribution.author, text: text, version: version,
                    held: isHeld ? true : nil, cleared: cleared.isEmpty ? nil : cleared)))
        if !isHeld, contribution.kind.needsEndorsement, caller.isCochair, let side = caller.side {
            batch.append(.endorsed(.init(contribution: id, side: side, by: caller.principal, version: version)))
        }
    }

    func decideEndorse(_ id: ContributionID, _ version: Int, _ caller: Issuer, _ batch: inout EventBatch)
        throws(Refusal)
    {
        guard caller.isCochair, let side = caller.side else {
            throw Refusal(.forbidden, "only co-chairs endorse")
        }
        let contribution = try visibleContribution(id, to: caller)
        try requireCurrent(contribution, version)
        try require(
            contribution.kind.needsEndorsement, .invalid, "only proposals and recommendations are endorsed")
        try require(contribution.moderation == .visible, .conflict, "contribution \(id) is held or rejected")
        try require(contribution.redaction == nil, .conflict, "contribution \(id) was redacted")
        try require(!contribution.adopted, .conflict, "contribution \(id) is already adopted")
        try require(isOpen(contribution.item), .closed, "agenda item '\(contribution.item)' is closed")
        try require(
            contribution.endorsements[side] != contribution.version, .conflict,
            "your side already endorsed this version")
        batch.append(
            .endorsed(.init(contribution: id, side: side, by: caller.principal, version: contribution.version)))
        var endorsed = contribution
        endorsed.endorsements[side] = contribution.version
        if endorsed.isEndorsedByBoth(sides: spec.sides) {
            batch.append(.adopted(.init(contribution: id, version: contribution.version)))
        }
    }
}

extension SessionState {
    /// A co-chair takes back their side's endorsement before the text is adopted.
    func decideWithdrawEndorsement(_ id: ContributionID, _ caller: Issuer, _ batch: inout EventBatch)
        throws(Refusal)
    {
        guard caller.isCochair, let side = caller.side else {
            throw Refusal(.forbidden, "only co-chairs withdraw endorsements")
        }
        let contribution = try visibleContribution(id, to: caller)
        try require(!contribution.adopted, .conflict, "contribution \(id) is adopted; its text is final")
        try require(isOpen(contribution.item), .closed, "agenda item '\(contribution.item)' is closed")
        try require(
            contribution.endorsements[side] == contribution.version, .conflict,
            "your side has not endorsed the current version of contribution \(id)")
        batch.append(
            .endorsementWithdrawn(
                .init(contribution: id, side: side, by: caller.principal, version: contribution.version)))
    }
}
