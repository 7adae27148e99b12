import ParleyCore
import ParleyTestKit
import Testing

/// Leads are never doubled: a text that already attributes itself is left as written.
@Suite("Report leads")
struct ReportLeadsTests {
    static let armenia = ReportLeads(side: Fixtures.armenia)
    static let azerbaijan = ReportLeads(side: Fixtures.azerbaijan)

    @Test(
        "positions",
        arguments: [
            // A continuation follows the lead.
            ("the treaty must be signed first.", "From Armenia's perspective, the treaty must be signed first."),
            // A common opening word is lowered.
            ("The treaty must be signed first.", "From Armenia's perspective, the treaty must be signed first."),
            ("This demand is not justified.", "From Armenia's perspective, this demand is not justified."),
            // Texts that already carry a lead are left as written.
            (
                "The Armenian side considers the demand unjustified.",
                "The Armenian side considers the demand unjustified."
            ),
            (
                "From Armenia's perspective, the demand is not justified.",
                "From Armenia's perspective, the demand is not justified."
            ),
            ("In Armenia's view the treaty comes first.", "In Armenia's view the treaty comes first."),
            ("Armenia expects concrete steps.", "Armenia expects concrete steps."),
            ("Armenian experts see it otherwise.", "Armenian experts see it otherwise."),
            ("Both sides should talk.", "Both sides should talk."),
            ("We consider the demand unjustified.", "We consider the demand unjustified."),
            ("Our position is clear.", "Our position is clear."),
            ("the Armenian side considers it unjustified.", "the Armenian side considers it unjustified."),
            ("the Armenian government acted.", "From Armenia's perspective, the Armenian government acted."),
            // Another side's name is no lead for this side: it is attributed.
            (
                "Azerbaijan's demand is not justified.",
                "From Armenia's perspective: Azerbaijan's demand is not justified."
            ),
            ("Russia's position is ambivalent.", "From Armenia's perspective: Russia's position is ambivalent."),
            // Russian: with a lead, as written; without, attributed after a colon.
            (
                "Армянская сторона считает требование необоснованным.",
                "Армянская сторона считает требование необоснованным."
            ),
            ("С точки зрения Армении, договор важнее.", "С точки зрения Армении, договор важнее."),
            ("Обе стороны согласны.", "Обе стороны согласны."),
            ("Мы считаем, что договор важнее.", "Мы считаем, что договор важнее."),
            ("Договор должен быть подписан.", "From Armenia's perspective: Договор должен быть подписан."),
            // Armenian script.
            ("Պայմանագիրը պետք է ստորագրվի։", "From Armenia's perspective: Պայմանագիրը պետք է ստորագրվի։"),
        ])
    func positions(text: String, expected: String) {
        #expect(Self.armenia.position(text) == expected)
    }

    @Test(
        "comments",
        arguments: [
            ("agrees that trust is fragile.", "The Azerbaijani side agrees that trust is fragile."),
            ("The trust remains fragile.", "The Azerbaijani side notes that the trust remains fragile."),
            (
                "The Azerbaijani side agrees that trust is fragile.",
                "The Azerbaijani side agrees that trust is fragile."
            ),
            ("From Azerbaijan's perspective, trust is fragile.", "From Azerbaijan's perspective, trust is fragile."),
            ("Baku sees it otherwise.", "The Azerbaijani side notes: Baku sees it otherwise."),
            ("Азербайджанская сторона не согласна.", "Азербайджанская сторона не согласна."),
        ])
    func comments(text: String, expected: String) {
        #expect(Self.azerbaijan.comment(text) == expected)
    }

    @Test(
        "agreements",
        arguments: [
            ("the meeting brought cautious optimism.", "Both sides agree that the meeting brought cautious optimism."),
            ("Both governments should open the border.", "Both governments should open the border."),
            ("Both sides agree that the border opens.", "Both sides agree that the border opens."),
            ("The two sides will meet monthly.", "The two sides will meet monthly."),
            ("We will meet monthly.", "We will meet monthly."),
            ("The border should open.", "Both sides agree that the border should open."),
            // Written in lower case to follow the lead: an opener is no lead, a phrase is.
            ("both delegations meet monthly", "Both sides agree that both delegations meet monthly"),
            ("both sides agree that the border opens", "both sides agree that the border opens"),
            ("Washington brought optimism.", "Both sides agree: Washington brought optimism."),
            ("Обе стороны согласны открыть границу.", "Обе стороны согласны открыть границу."),
        ])
    func agreements(text: String, expected: String) {
        #expect(ReportLeads.agreement(text) == expected)
    }
}
