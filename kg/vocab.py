"""Our vocabulary as a fail-loudly rdflib DefinedNamespace.

`tests/test_vocab.py` checks `CCKG` against `ontology/cckg.ttl` in both directions, so a term
misspelt here or missing there fails the tests.
"""
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from .iris import CCKG_NS, KGR_NS, PREFIXES

KGR = Namespace(KGR_NS)
SCHEMA = Namespace(PREFIXES["schema"])
OA = Namespace(PREFIXES["oa"])


class CCKG(DefinedNamespace):
    """The Climate Commitments Knowledge Graph ontology (https://w3id.org/climate-commitments/ontology#)."""

    _NS = Namespace(CCKG_NS)
    _fail = True

    # Agents, platforms, initiatives, documents
    Organisation: URIRef
    Company: URIRef
    CloudProvider: URIRef
    ResearchInstitute: URIRef
    NGO: URIRef
    Consultancy: URIRef
    PublicBody: URIRef
    InitiativeBody: URIRef
    Publisher: URIRef
    Person: URIRef
    Expert: URIRef
    Platform: URIRef
    Initiative: URIRef
    Agreement: URIRef
    Coalition: URIRef
    ClimateConference: URIRef
    Document: URIRef
    Article: URIRef
    Dataset: URIRef
    DatasetRecord: URIRef
    Evidence: URIRef
    # Facts
    Fact: URIRef
    Pledge: URIRef
    NetZeroPledge: URIRef
    CarbonNeutralPledge: URIRef
    CarbonNegativePledge: URIRef
    EmissionReductionPledge: URIRef
    RenewableEnergyPledge: URIRef
    CarbonRemovalPledge: URIRef
    WasteRecyclingPledge: URIRef
    EmissionFigure: URIRef
    EmissionShare: URIRef
    Partnership: URIRef
    PlatformReliance: URIRef
    InitiativeParticipation: URIRef
    Position: URIRef
    Action: URIRef
    Observation: URIRef
    Statement: URIRef
    Comparison: URIRef
    PledgeProgress: URIRef
    # Concept classes
    PledgeStatus: URIRef
    Scope: URIRef
    Means: URIRef
    Unit: URIRef
    EmissionCategory: URIRef
    PartnerRole: URIRef
    PositionRole: URIRef
    ParticipationKind: URIRef
    ActionType: URIRef
    ActionStatus: URIRef
    Comparator: URIRef
    ClimateConcept: URIRef
    # Defined classes (membership inferred by kg reason)
    PledgingOrganisation: URIRef
    NetZeroCommittedOrganisation: URIRef
    CarbonNeutralCommittedOrganisation: URIRef
    PlatformOperator: URIRef
    PlatformDependentOrganisation: URIRef
    # Properties
    subsidiaryOf: URIRef
    hasSubsidiary: URIRef
    wikidataId: URIRef
    lei: URIRef
    isin: URIRef
    website: URIRef
    seedFile: URIRef
    sector: URIRef
    country: URIRef
    region: URIRef
    organisationType: URIRef
    rowNumber: URIRef
    accessDate: URIRef
    operatedBy: URIRef
    transitiveSubsidiaryOf: URIRef
    usesPlatform: URIRef
    dependsOn: URIRef
    runBy: URIRef
    evidence: URIRef
    inConflictWith: URIRef
    madeBy: URIRef
    makesPledge: URIRef
    targetYear: URIRef
    targetDate: URIRef
    announcementDate: URIRef
    startYear: URIRef
    baselineYear: URIRef
    targetPercentage: URIRef
    targetAmount: URIRef
    unit: URIRef
    coversScope: URIRef
    coverage: URIRef
    reliesOnMeans: URIRef
    pledgeStatus: URIRef
    hasInterimTarget: URIRef
    underInitiative: URIRef
    alignedWith: URIRef
    emittedBy: URIRef
    reportingYear: URIRef
    amount: URIRef
    tonnesCO2ePerUnit: URIRef
    emissionCategory: URIRef
    changePercent: URIRef
    comparedToYear: URIRef
    shareOf: URIRef
    activity: URIRef
    percentage: URIRef
    client: URIRef
    partner: URIRef
    partnerRole: URIRef
    forPledge: URIRef
    platform: URIRef
    participant: URIRef
    initiative: URIRef
    participationKind: URIRef
    sinceYear: URIRef
    presenter: URIRef
    document: URIRef
    actor: URIRef
    actionType: URIRef
    supportsPledge: URIRef
    actionStatus: URIRef
    startDate: URIRef
    about: URIRef
    statedBy: URIRef
    value: URIRef
    unitText: URIRef
    comparator: URIRef
    observationYear: URIRef
    channel: URIRef
    defines: URIRef
    comparedWith: URIRef
    criterion: URIRef
    confidence: URIRef
    progressOf: URIRef
    targetClassification: URIRef
    completionPercentage: URIRef
    elapsedPercentage: URIRef
    achievedPercentage: URIRef
    progressYear: URIRef
    targetType: URIRef
    progressSource: URIRef
    # Concept individuals
    Proposed: URIRef
    Declared: URIRef
    InCorporateStrategy: URIRef
    AchievedSelfDeclared: URIRef
    AchievedValidated: URIRef
    Missed: URIRef
    Withdrawn: URIRef
    CommittedToSetTarget: URIRef
    TargetValidated: URIRef
    CommitmentRemoved: URIRef
    Scope1: URIRef
    Scope2: URIRef
    Scope3: URIRef
    EmissionReductionMeans: URIRef
    OffsettingMeans: URIRef
    EcosystemProtectionMeans: URIRef
    EcosystemRestorationMeans: URIRef
    CarbonRemovalMeans: URIRef
    RenewableEnergyMeans: URIRef
    TonneCO2e: URIRef
    KilotonneCO2e: URIRef
    MegatonneCO2e: URIRef
    Tonne: URIRef
    TotalEmissions: URIRef
    ElectricityEmissions: URIRef
    AdviserRole: URIRef
    HostRole: URIRef
    SupplierRole: URIRef
    FunderRole: URIRef
    OtherPartnerRole: URIRef
    ChiefExecutive: URIRef
    CoChiefExecutive: URIRef
    ChiefFinancialOfficer: URIRef
    VicePresident: URIRef
    SustainabilityDirector: URIRef
    Founder: URIRef
    MembershipParticipation: URIRef
    SignatureParticipation: URIRef
    PresentationParticipation: URIRef
    FoundingParticipation: URIRef
    AlignmentParticipation: URIRef
    CloudMigration: URIRef
    GreenElectricitySupply: URIRef
    StaffAwareness: URIRef
    EWasteRecycling: URIRef
    FleetDecarbonisation: URIRef
    CarbonCapture: URIRef
    NuclearPowerPurchase: URIRef
    RenewableEnergyInvestment: URIRef
    EnergyEfficiency: URIRef
    EmissionAccounting: URIRef
    CarbonOffsetting: URIRef
    EcosystemProtection: URIRef
    EcosystemRestoration: URIRef
    CsrPolicy: URIRef
    SustainableProductDesign: URIRef
    EmissionReductionProgramme: URIRef
    Completed: URIRef
    InProgress: URIRef
    Planned: URIRef
    MoreThan: URIRef
    Exactly: URIRef
    Approximately: URIRef
    LessThan: URIRef
    CarbonNeutrality: URIRef
    NetZero: URIRef
    CarbonNegativity: URIRef
