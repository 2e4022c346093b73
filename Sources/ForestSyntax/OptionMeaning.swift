extension OptionName {
    /// What the option does, in one sentence (the language server's hover; docs/language.md
    /// says more).
    public var meaning: String {
        switch self {
        case .measure:
            "The effect measure: OR RR RD (binary), MD SMD (continuous), HR POR (O − E), PLO PR PFT (proportions), IRR IRD (rates), ZCOR COR (correlations)."
        case .method: "The pooling method: MH (Mantel–Haenszel), IV (inverse variance) or Peto."
        case .model: "The model: fixed (common) effect or random effects."
        case .tau: "The estimator of the between-study variance τ²: DL REML ML PM HE SJ EB."
        case .hksj: "The Hartung–Knapp–Sidik–Jonkman test and interval (t on k − 1 df)."
        case .level: "The confidence level in percent (95)."
        case .convention: "Whose conventions: revman (Review Manager 5) or metafor (R)."
        case .by: "A subgroup analysis by this attribute, with the test for subgroup differences."
        case .only: "The analysis of the studies with this attribute value only."
        case .reference: "The reference level of a categorical moderator."
        case .nnt: "The absolute effect and number needed to treat at this control risk."
        case .commonTau: "The subgroups also under one common τ² (a mixed-effects model)."
        case .estimator: "Trim-and-fill's estimator of the missing studies: L0 or R0."
        case .side: "The side trim-and-fill fills: left or right."
        case .target: "Orwin's target effect, on the scale shown (by default half the mean effect)."
        case .sort: "The order of the studies: label, effect, weight or an attribute; ascending or descending."
        case .to: "The file to write (SVG, PNG or PDF for a figure)."
        case .prediction: "The prediction interval under the pooled diamond."
        case .contours: "Contours of significance in a funnel plot."
        case .trimfill: "Trim-and-fill's filled studies in a funnel plot."
        case .ascii: "A forest plot drawn with ASCII characters only."
        case .rob: "The studies' risk-of-bias judgements beside a forest plot's rows."
        case .xlim: "The axis limits, as effects (ratios as ratios)."
        case .ticks: "Tick marks at these effects, inside xlim."
        case .decimals: "Decimals of the estimates and intervals in the table (0 to 6)."
        case .columns: "The columns beside the study and estimate: data, weight, rob."
        case .colours: "Colours of squares, diamonds and prediction interval."
        case .fontsize: "The size of the table's text (6 to 24)."
        case .title: "The figure's title."
        case .width: "The plot panel's width in pixels (100 to 2000)."
        }
    }
}
