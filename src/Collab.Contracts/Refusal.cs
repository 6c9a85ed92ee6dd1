namespace Collab.Contracts;

/// <summary>
/// Why a command was refused (issue #13: typed messages, localised at the edge). Carried by
/// <see cref="CommandRejectedException"/> with its arguments; worded only by the UI (Web: RefusalText with
/// RefusalsResource.resx / .en.resx, key "Refusal.&lt;Kind&gt;", placeholders {0}, {1}… in argument order).
/// The comment of each member is the English wording.
/// </summary>
public enum Refusal
{
    /// <summary>Command refused.</summary>
    Invalid,
    /// <summary>{0} is required.</summary>
    Required,
    /// <summary>{0} is longer than {1} characters.</summary>
    TooLong,
    /// <summary>{0} is required ({1} characters at most).</summary>
    RequiredMax,
    /// <summary>The due date is too far in the past.</summary>
    DueTooOld,
    /// <summary>Only a done action can be verified.</summary>
    ActionNotDone,
    /// <summary>This action does not exist (any more).</summary>
    ActionNotFound,
    /// <summary>The parameter's value is not a number.</summary>
    ParameterNotANumber,
    /// <summary>Unknown workstation: “{0}”.</summary>
    UnknownWorkstation,
    /// <summary>No routing operation on workstation {0}.</summary>
    NoRoutingOnWorkstation,
    /// <summary>Item {0} has no operation on workstation {1}.</summary>
    ItemNoOperationOnWorkstation,
    /// <summary>The time change must be between -99% and +500%.</summary>
    TimeChangeOutOfRange,
    /// <summary>Unknown item: “{0}”.</summary>
    UnknownItem,
    /// <summary>The lot size must be greater than zero.</summary>
    LotSizeNotPositive,
    /// <summary>The lead time must be a whole number of days between 0 and 365.</summary>
    LeadTimeOutOfRange,
    /// <summary>The safety stock cannot be negative.</summary>
    SafetyStockNegative,
    /// <summary>The number of shifts must be 1, 2 or 3.</summary>
    ShiftsOutOfRange,
    /// <summary>The number of machines must be a whole number between 1 and 50.</summary>
    MachinesOutOfRange,
    /// <summary>Unknown parameter type.</summary>
    UnknownParameterKind,
    /// <summary>Add at least one parameter change before simulating.</summary>
    NothingToSimulate,
    /// <summary>The site has no master data yet: nothing to compute.</summary>
    NoMasterData,
    /// <summary>Invalid data: {0}</summary>
    InvalidPlanData,
    /// <summary>The quantity must be a number greater than zero.</summary>
    QuantityNotPositive,
    /// <summary>The quantity is too large (one billion at most).</summary>
    QuantityTooLarge,
    /// <summary>The quantity must be a whole number: the item is counted in pieces.</summary>
    QuantityNotWholePieces,
    /// <summary>The quantity must be a whole number: the item is counted in {0}.</summary>
    QuantityNotWhole,
    /// <summary>The need date ({0}) is past: choose today or later.</summary>
    NeedDatePast,
    /// <summary>The need date must be within two years.</summary>
    NeedDateTooFar,
    /// <summary>The sponsor and the project lead must be two different people: the sponsor approves the lead's phase gates.</summary>
    SponsorIsLead,
    /// <summary>Invalid master data: {0}</summary>
    InvalidMasterData,
    /// <summary>{0} already exists.</summary>
    AlreadyExists,
    /// <summary>Only an idea can be accepted as a project.</summary>
    OnlyIdeaAccepted,
    /// <summary>Only an idea can be rejected.</summary>
    OnlyIdeaRejected,
    /// <summary>The method cannot change once the project has started.</summary>
    MethodFixed,
    /// <summary>Give at least one “why”.</summary>
    NoWhy,
    /// <summary>A chain has at most 7 “whys”.</summary>
    TooManyWhys,
    /// <summary>This 5-whys chain does not exist (any more).</summary>
    WhyChainNotFound,
    /// <summary>Remove the “Measurement” causes first before switching to 5M.</summary>
    RemoveMeasureCausesFirst,
    /// <summary>Unknown category for this diagram.</summary>
    UnknownCauseCategory,
    /// <summary>8 causes at most per category.</summary>
    TooManyCauses,
    /// <summary>This cause does not exist (any more).</summary>
    CauseNotFound,
    /// <summary>Baseline and target must be numbers.</summary>
    KpiValuesNotNumbers,
    /// <summary>The target must differ from the baseline.</summary>
    KpiTargetEqualsBaseline,
    /// <summary>The indicator “{0}” already exists.</summary>
    KpiExists,
    /// <summary>This indicator does not exist (any more).</summary>
    KpiNotFound,
    /// <summary>The measurement must be a number.</summary>
    MeasureNotANumber,
    /// <summary>A measurement cannot be dated in the future.</summary>
    MeasureInFuture,
    /// <summary>Estimated gains can no longer change after the check: confirm the gains.</summary>
    EstimatedGainsFrozen,
    /// <summary>Gains are confirmed from the “{0}” phase on.</summary>
    GainsConfirmedFromPhase,
    /// <summary>This change does not exist (any more).</summary>
    ChangeNotFound,
    /// <summary>The project has no parameter change.</summary>
    NoParameterChanges,
    /// <summary>Simulate the changes before approving them.</summary>
    SimulateBeforeApproving,
    /// <summary>The changes must first be approved by the sponsor.</summary>
    ChangesNotApproved,
    /// <summary>Changes are applied from the “{0}” phase on.</summary>
    ChangesAppliedFromPhase,
    /// <summary>Applying the changes to the master data also needs the planner role.</summary>
    ApplyNeedsPlanner,
    /// <summary>Only the project lead, the team or an administrator can apply the changes to the master data.</summary>
    ApplyNeedsLeadOrTeam,
    /// <summary>Only the project lead, the team and the sponsor can request a phase gate.</summary>
    GateRequestNeedsMember,
    /// <summary>A phase gate is already waiting for the sponsor's decision.</summary>
    GatePending,
    /// <summary>No phase gate is requested.</summary>
    NoGatePending,
    /// <summary>Say why the phase gate is rejected.</summary>
    GateRejectionReasonRequired,
    /// <summary>The gate is not complete: {0} checklist item(s) to complete.</summary>
    ChecklistIncomplete,
    /// <summary>The idea must first be accepted as a project.</summary>
    IdeaNotAccepted,
    /// <summary>The project is closed.</summary>
    ProjectClosed,
    /// <summary>The idea has been rejected.</summary>
    IdeaRejected,
    /// <summary>The changes have already been applied to the master data.</summary>
    ChangesAlreadyApplied,
    /// <summary>Only this project's sponsor can approve the changes.</summary>
    SponsorApprovesChanges,
    /// <summary>Only this project's sponsor can decide on a phase gate.</summary>
    SponsorDecidesGate,
    /// <summary>Only this project's lead (or an administrator) can change it.</summary>
    LeadOnly,
    /// <summary>Unknown method.</summary>
    UnknownMethod,
    /// <summary>The scope is required (workstation, item, family, supplier…).</summary>
    ScopeRequired,
    /// <summary>The target date must be in the future.</summary>
    TargetDateNotFuture,
    /// <summary>Gains are numbers, zero or more.</summary>
    GainsNegative,
    /// <summary>The scrap gain is a percentage (100 at most).</summary>
    ScrapGainOver100,
    /// <summary>You have already submitted {0} ideas in 24 hours: the next one can be submitted from {1}.</summary>
    IdeaQuota,
    /// <summary>This incident does not exist or is already closed.</summary>
    IncidentNotOpen,
    /// <summary>All forecasts must be for the same code.</summary>
    ForecastsMixedCodes,
    /// <summary>Unknown user.</summary>
    UnknownUser,
    /// <summary>The numbering pattern “{0}” must contain a counter {{n}} or {{n:00000}}.</summary>
    NumberPatternWithoutCounter,
    /// <summary>The horizon must be between 4 and 104 weeks.</summary>
    HorizonOutOfRange,
    /// <summary>The S&amp;OP horizon must be between 3 and 36 months.</summary>
    SopHorizonOutOfRange,
    /// <summary>The forecast consumption window cannot be negative.</summary>
    ConsumptionWindowNegative,
    /// <summary>{0} does not exist.</summary>
    NotFound,
    /// <summary>The screen's name is required (100 characters at most, no line break).</summary>
    DisplayNameInvalid,
    /// <summary>This screen does not exist.</summary>
    DisplayNotFound,
    /// <summary>This message is no longer in the triage list.</summary>
    TriageMessageGone,
    /// <summary>Operation {0} is not to be scheduled (finished or unknown).</summary>
    OperationNotSchedulable,
    /// <summary>Operation {0} is in progress: it cannot be moved.</summary>
    OperationInProgress,
    /// <summary>Workstation {0} has no machine {1}.</summary>
    NoSuchMachine,
    /// <summary>Moving {0} is impossible: {1}</summary>
    MoveImpossible,
    /// <summary>Moving {0} refused.</summary>
    MoveRefused,
    /// <summary>Move refused: {0} cannot start before the end of the previous operation {1} ({2}).</summary>
    MoveBeforePrevious,
    /// <summary>No move to undo.</summary>
    NothingToUndo,
    /// <summary>The manufacturing orders changed since {0} was moved: cannot undo, recompute.</summary>
    UndoStale,
    /// <summary>Operation {0} cannot be pinned (in progress, finished or unknown).</summary>
    OperationNotPinnable,
    /// <summary>The optimisation time must be between 1 and {0} seconds.</summary>
    TimeBoxOutOfRange,
    /// <summary>An optimisation is running.</summary>
    OptimisationRunning,
    /// <summary>No plan computed: click “Recalculate” first.</summary>
    NoPlanRunRecalculate,
    /// <summary>This planned order no longer exists: recalculate the plan.</summary>
    PlannedOrderGone,
    /// <summary>This planned order has already been released ({0}).</summary>
    PlannedOrderReleased,
    /// <summary>Unknown strategy: {0}.</summary>
    UnknownStrategy,
    /// <summary>No plan computed.</summary>
    NoPlanRun,
    /// <summary>Unknown snapshot: {0}.</summary>
    UnknownSnapshot,
    /// <summary>Unknown site.</summary>
    UnknownSite,
    /// <summary>The item is required on every line.</summary>
    LineItemRequired,
    /// <summary>A line number must be positive.</summary>
    LineNumberNotPositive,
    /// <summary>Two lines have the same number.</summary>
    DuplicateLineNumber,
    /// <summary>These order numbers already exist: {0}. Nothing was imported.</summary>
    ImportNumbersExist,
    /// <summary>Imported order without content: {0}.</summary>
    ImportedOrderEmpty,
    /// <summary>The order must have at least one line.</summary>
    OrderWithoutLines,
    /// <summary>The purchase order is closed.</summary>
    PurchaseOrderClosed,
    /// <summary>The purchase order is cancelled.</summary>
    PurchaseOrderCancelled,
    /// <summary>The received quantity must be positive.</summary>
    ReceivedQuantityNotPositive,
    /// <summary>You cannot receive more than the quantity still to receive ({0}).</summary>
    ReceiveMoreThanOpen,
    /// <summary>An order already received (even partly) cannot be cancelled.</summary>
    ReceivedOrderNotCancellable,
    /// <summary>This message is not a reply received on this purchase order.</summary>
    NotAReplyOnThisOrder,
    /// <summary>Sender not verified: confirm that this date really comes from the supplier before accepting it.</summary>
    SenderNotVerified,
    /// <summary>This message proposes no date.</summary>
    NoProposedDate,
    /// <summary>This date has already been accepted.</summary>
    DateAlreadyAccepted,
    /// <summary>No open line to confirm.</summary>
    NoOpenLineToConfirm,
    /// <summary>Line {0} does not exist.</summary>
    LineNotFound,
    /// <summary>The quantity cannot be lower than the quantity already shipped.</summary>
    QuantityBelowShipped,
    /// <summary>The customer order is cancelled.</summary>
    CustomerOrderCancelled,
    /// <summary>The shipped quantity must be positive.</summary>
    ShippedQuantityNotPositive,
    /// <summary>You cannot ship more than the quantity still to deliver ({0}).</summary>
    ShipMoreThanOpen,
    /// <summary>Only a customer order not yet shipped can be cancelled.</summary>
    ShippedOrderNotCancellable,
    /// <summary>The probability of an optional order must be between 0 and 100%, both excluded.</summary>
    ProbabilityOutOfRange,
    /// <summary>The end date must follow the start date.</summary>
    EndBeforeStart,
    /// <summary>Operation {0} does not exist in the routing of {1}.</summary>
    OperationNotInRouting,
    /// <summary>All operations are finished: the manufacturing order is no longer open.</summary>
    AllOperationsDone,
    /// <summary>Only a planned manufacturing order can be released.</summary>
    OnlyPlannedReleased,
    /// <summary>A finished manufacturing order can no longer be rescheduled.</summary>
    DoneNotRescheduled,
    /// <summary>A finished manufacturing order can no longer be changed.</summary>
    DoneNotChanged,
    /// <summary>The manufacturing order must be released to report progress.</summary>
    NotReleasedForProgress,
    /// <summary>Quantities and time cannot be negative.</summary>
    ProgressNegative,
    /// <summary>Nothing to report.</summary>
    NothingToDeclare,
    /// <summary>Operation {0} does not exist.</summary>
    OperationNotFound,
    /// <summary>Operation {0} is already finished.</summary>
    OperationAlreadyDone,
    /// <summary>Operation {0} cannot process more than {1} pieces (the quantity received from the previous operation).</summary>
    OperationOverAvailable,
    /// <summary>Only a finished manufacturing order can be closed.</summary>
    OnlyDoneClosed,
    /// <summary>Only the meeting's facilitator ({0}) or an administrator can run it.</summary>
    FacilitatorOnly,
    /// <summary>This item is already at this place.</summary>
    ItemAlreadyThere,
    /// <summary>There is no item at this place.</summary>
    NoItemThere,
    /// <summary>This action does not refer to this meeting.</summary>
    ActionNotOfThisMeeting,
    /// <summary>This action is already recorded.</summary>
    ActionAlreadyRecorded,
    /// <summary>“{0}” is not invited to this meeting.</summary>
    NotInvited,
    /// <summary>The minutes are generated when the meeting is closed.</summary>
    MinutesAtClosing,
    /// <summary>The minutes are not a PDF.</summary>
    MinutesNotPdf,
    /// <summary>The meeting is not closed.</summary>
    MeetingNotClosed,
    /// <summary>The meeting has been closed since {0} (by {1}): it accepts no more changes. Only the facilitator can reopen it.</summary>
    MeetingClosed,
    /// <summary>This item is no longer on the agenda.</summary>
    ItemGone,
    /// <summary>This meeting series already exists.</summary>
    SeriesExists,
    /// <summary>No change.</summary>
    NoChange,
    /// <summary>The series changed in the meantime (sequence {0}, invitation {1}): send the invitations again.</summary>
    SeriesChanged,
    /// <summary>This meeting series is cancelled.</summary>
    SeriesCancelled,
    /// <summary>{0} contains a control character (line break…).</summary>
    ControlCharacter,
    /// <summary>The duration must be between 5 and 480 minutes.</summary>
    DurationOutOfRange,
    /// <summary>Choose at least one day.</summary>
    NoDay,
    /// <summary>A project review must name its project.</summary>
    ReviewWithoutProject,
    /// <summary>At most {0} attendees.</summary>
    TooManyAttendees,
    /// <summary>Attendee “{0}”: control character (line break…) refused.</summary>
    AttendeeControlCharacter,
    /// <summary>Invalid address: “{0}”.</summary>
    InvalidAddress,
    /// <summary>An attendee has no identifier.</summary>
    AttendeeWithoutKey,
    /// <summary>Invalid address for {0}: “{1}”.</summary>
    InvalidAddressOf,
    /// <summary>The {0} port must be between 1 and 65535.</summary>
    PortOutOfRange,
    /// <summary>Invalid sender address: “{0}”.</summary>
    InvalidSenderAddress,
    /// <summary>Invalid reply-to address: “{0}”.</summary>
    InvalidReplyToAddress,
    /// <summary>The IMAP user and folder are required.</summary>
    ImapUserAndFolderRequired,
    /// <summary>The number of days before receipt must be between 0 and 60.</summary>
    ReminderDaysOutOfRange,
    /// <summary>This kind of object does not carry actions yet.</summary>
    NoActionsOnKind,
    /// <summary>{0} cannot be before today ({1}).</summary>
    DateBeforeToday,
    /// <summary>{0} is required: pick them from the list of users.</summary>
    PickRequired,
    /// <summary>“{0}” is not a Collab user: pick a person from the list.</summary>
    NotAUser,
    /// <summary>Mail is not configured: ask an administrator (Administration › Mail).</summary>
    MailNotConfigured,
    /// <summary>Unknown supplier {0}.</summary>
    UnknownSupplier,
    /// <summary>Unknown customer {0}.</summary>
    UnknownCustomer,
    /// <summary>This customer has no e-mail address: add one before sending.</summary>
    CustomerWithoutEmail,
    /// <summary>This supplier has no e-mail address: add one before sending.</summary>
    SupplierWithoutEmail,
    /// <summary>“{0}” is not a purchase order or customer order number.</summary>
    NotAnOrderNumber,
    /// <summary>This preview is no longer available: drop the file again.</summary>
    PreviewGone,
    /// <summary>The open orders could not be created: nothing was imported.</summary>
    ImportOrdersFailed,
    /// <summary>Only an active project can have reviews.</summary>
    ReviewNeedsActiveProject,
    /// <summary>Unknown series.</summary>
    UnknownSeries,
    /// <summary>Unknown meeting.</summary>
    UnknownMeeting,
    /// <summary>The minutes do not exist yet: close the meeting.</summary>
    MinutesNotYet,
    /// <summary>No attendee has an e-mail address.</summary>
    NoAttendeeEmail,
    /// <summary>Unknown facilitator: “{0}”.</summary>
    UnknownFacilitator,
    /// <summary>The demo outbox is only active in the demo without a mail server.</summary>
    DemoOutboxInactive,
    /// <summary>Write the supplier's reply.</summary>
    SupplierReplyRequired,
    /// <summary>This message is no longer in the outbox.</summary>
    OutboxMessageGone,
    /// <summary>This message has no recipient.</summary>
    NoRecipient,
    /// <summary>No recipient: give at least one address.</summary>
    MailNoRecipientAddress,
    /// <summary>Too many recipients (at most {0}).</summary>
    MailTooManyRecipients,
    /// <summary>{0}: empty address.</summary>
    MailAddressEmpty,
    /// <summary>{0} “{1}” refused: {2} (a <see cref="RefusalTerm"/> Address…).</summary>
    MailAddressRefused,
    /// <summary>{0}: the name “{1}” contains a line break or a control character.</summary>
    MailNameControlCharacter,
    /// <summary>{0}: name too long.</summary>
    MailNameTooLong,
    /// <summary>The subject contains a line break or a control character.</summary>
    MailSubjectControlCharacter,
    /// <summary>The subject is empty.</summary>
    MailSubjectEmpty,
    /// <summary>The subject is too long (at most {0} characters).</summary>
    MailSubjectTooLong,
    /// <summary>The message text is missing.</summary>
    MailBodyMissing,
    /// <summary>The message text contains a null character.</summary>
    MailBodyNullCharacter,
    /// <summary>The HTML message contains a null character.</summary>
    MailHtmlNullCharacter,
    /// <summary>{0} (a header term) invalid: {1} (a <see cref="RefusalTerm"/> MessageId…).</summary>
    MailHeaderInvalid,
    /// <summary>Empty attachment.</summary>
    MailAttachmentEmpty,
    /// <summary>Attachment without a name.</summary>
    MailAttachmentNoName,
    /// <summary>The attachment's name contains a control character.</summary>
    MailAttachmentNameControlCharacter,
    /// <summary>The attachment's name “{0}” contains a forbidden character (/ \ ").</summary>
    MailAttachmentNameForbidden,
    /// <summary>The attachment's name is too long.</summary>
    MailAttachmentNameTooLong,
    /// <summary>The type of the attachment “{0}” is invalid.</summary>
    MailAttachmentTypeInvalid,
    /// <summary>Attachments too large: {0} MB for at most {1} MB.</summary>
    MailAttachmentsTooLarge,
    /// <summary>The mail server {0} refused the user name or the password.</summary>
    MailLoginRefused,
    /// <summary>The mail server refused the recipient {0}: {1} (the server's words).</summary>
    MailRecipientRejected,
    /// <summary>The mail server refused the message ({0}): {1}.</summary>
    MailMessageRejected,
    /// <summary>The mail server {0} does not offer STARTTLS: choose another security mode in Administration.</summary>
    MailNoStartTls,
    /// <summary>The mail server {0} does not offer what is asked ({1}): check the security mode and the user name.</summary>
    MailNotSupported,
    /// <summary>The mail server {0} did not answer in time.</summary>
    MailTimeout,
    /// <summary>The mail server {0} cannot be reached or closed the connection: {1}.</summary>
    MailUnreachable,
    /// <summary>Sending failed ({0}): {1}.</summary>
    MailSendFailed,
    /// <summary>The demo outbox ({0}) cannot be written: {1}.</summary>
    MailOutboxNotWritable,
    /// <summary>The mail server is not configured (host and port): see Administration.</summary>
    MailServerNotConfigured,
    /// <summary>The configured sender address is invalid: {0}.</summary>
    MailFromInvalid,
    /// <summary>The configured sender name contains a control character.</summary>
    MailFromNameControlCharacter,
    /// <summary>The configured default reply address is invalid: {0}.</summary>
    MailReplyToInvalid,
    /// <summary>Invalid message identifier domain: “{0}”.</summary>
    MailMessageIdDomainInvalid,
    /// <summary>The stored mail server password cannot be decrypted: type it again in Administration.</summary>
    MailPasswordUnreadable,
    /// <summary>Sending cancelled.</summary>
    MailSendCancelled,
    /// <summary>The IMAP server {0} refused the user name or the password.</summary>
    ImapLoginRefused,
    /// <summary>The folder “{0}” does not exist in the mailbox {1}.</summary>
    ImapFolderMissing,
    /// <summary>The IMAP server {0} cannot be reached: {1}</summary>
    ImapUnreachable,
    /// <summary>Reading the mailbox {0} failed: {1}</summary>
    ImapPollFailed,
}

/// <summary>A named thing inside a refusal ("{0} is required"), worded by the UI (key "Term.&lt;Term&gt;").</summary>
public enum RefusalTerm
{
    /// <summary>The action's title</summary>
    ActionTitle,
    /// <summary>The action's owner</summary>
    ActionOwner,
    /// <summary>The description</summary>
    Description,
    /// <summary>The comment</summary>
    Comment,
    /// <summary>The idea's title</summary>
    IdeaTitle,
    /// <summary>The reason for rejection</summary>
    RejectionReason,
    /// <summary>The text</summary>
    Text,
    /// <summary>The 5-whys problem</summary>
    WhyProblem,
    /// <summary>A “why”</summary>
    Why,
    /// <summary>The diagram's effect (problem)</summary>
    IshikawaEffect,
    /// <summary>The cause</summary>
    Cause,
    /// <summary>The indicator's name</summary>
    KpiName,
    /// <summary>The indicator's unit</summary>
    KpiUnit,
    /// <summary>The sponsor</summary>
    Sponsor,
    /// <summary>The project lead</summary>
    Lead,
    /// <summary>The incident's title</summary>
    IncidentTitle,
    /// <summary>The site's name</summary>
    SiteName,
    /// <summary>The supplier</summary>
    Supplier,
    /// <summary>The customer</summary>
    Customer,
    /// <summary>The item's title</summary>
    ItemTitle,
    /// <summary>The note</summary>
    Note,
    /// <summary>The decision</summary>
    Decision,
    /// <summary>The reason for reopening</summary>
    ReopenReason,
    /// <summary>The meeting's title</summary>
    MeetingTitle,
    /// <summary>The room</summary>
    Room,
    /// <summary>The facilitator</summary>
    Facilitator,
    /// <summary>The SMTP server</summary>
    SmtpHost,
    /// <summary>The IMAP server</summary>
    ImapHost,
    /// <summary>The start date</summary>
    StartDate,
    /// <summary>The requested date</summary>
    RequestedDate,
    /// <summary>The promised date</summary>
    PromisedDate,
    /// <summary>The owner</summary>
    Owner,
    /// <summary>Recipient</summary>
    MailTo,
    /// <summary>Copy</summary>
    MailCc,
    /// <summary>Reply address</summary>
    MailReplyTo,
    /// <summary>Reply reference (In-Reply-To)</summary>
    MailInReplyTo,
    /// <summary>Thread reference (References)</summary>
    MailReferences,
    /// <summary>Message identifier</summary>
    MailMessageId,
    /// <summary>empty address (an address problem, lower case: it ends a sentence)</summary>
    AddressEmpty,
    /// <summary>control character (line break…) forbidden</summary>
    ControlCharacter,
    /// <summary>address too long</summary>
    AddressTooLong,
    /// <summary>spaces at the start or end of the address</summary>
    AddressEdgeSpaces,
    /// <summary>exactly one “@” is needed between the name and the domain</summary>
    AddressAtSign,
    /// <summary>part before “@” too long</summary>
    AddressLocalPartTooLong,
    /// <summary>forbidden character in the address</summary>
    AddressForbiddenCharacter,
    /// <summary>misplaced dot in the address</summary>
    AddressMisplacedDot,
    /// <summary>incomplete domain (e.g. company.com)</summary>
    AddressDomainIncomplete,
    /// <summary>invalid domain</summary>
    AddressDomainInvalid,
    /// <summary>forbidden character in the domain</summary>
    AddressDomainForbiddenCharacter,
    /// <summary>unreadable address</summary>
    AddressUnreadable,
    /// <summary>ambiguous address</summary>
    AddressAmbiguous,
    /// <summary>empty identifier</summary>
    MessageIdEmpty,
    /// <summary>identifier of invalid length</summary>
    MessageIdLength,
    /// <summary>identifier without “@”</summary>
    MessageIdNoAtSign,
    /// <summary>forbidden character in the identifier</summary>
    MessageIdForbiddenCharacter,
}
