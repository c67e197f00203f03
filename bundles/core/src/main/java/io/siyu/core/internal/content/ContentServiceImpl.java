package io.siyu.core.internal.content;

import io.siyu.api.ConflictException;
import io.siyu.api.FieldError;
import io.siyu.api.ForbiddenException;
import io.siyu.api.NotFoundException;
import io.siyu.api.Page;
import io.siyu.api.ValidationException;
import io.siyu.api.audit.AuditActions;
import io.siyu.api.audit.AuditRecord;
import io.siyu.api.content.ContentDraft;
import io.siyu.api.content.ContentItem;
import io.siyu.api.content.ContentQuery;
import io.siyu.api.content.ContentService;
import io.siyu.api.content.ContentState;
import io.siyu.api.content.ContentTransition;
import io.siyu.api.content.ContentVersion;
import io.siyu.api.content.RiskDisclosure;
import io.siyu.api.edition.ComplianceRules;
import io.siyu.api.edition.EditionContent;
import io.siyu.api.edition.EditionHook;
import io.siyu.api.edition.EditionRegistry;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import io.siyu.api.org.OrgUnit;
import io.siyu.api.org.Permission;
import io.siyu.api.org.Staff;
import io.siyu.core.internal.audit.AuditTrail;
import io.siyu.core.internal.org.Authority;
import io.siyu.core.internal.org.DataScopes;
import io.siyu.store.ContentRepository.Filter;
import io.siyu.store.ContentRepository.StoredContent;
import io.siyu.store.ContentRepository.StoredVersion;
import io.siyu.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The content library with maker-checker review. Content belongs to an org unit: a caller sees the
 * content of their unit, the units below it and the units above it (head-office content serves
 * every branch), edits within their unit's subtree, and reviews only from the owning unit or above
 * ("at the right level"), never their own work. Submission and approval run the compliance checks.
 */
@Component(service = ContentService.class)
public final class ContentServiceImpl implements ContentService {
    /** Where the configured risk disclosures are kept (JSON; the word list has its own table). */
    static final String DISCLOSURES_SETTING = "compliance.riskDisclosures";
    private static final int MAX_WORD = 100;
    private static final int MAX_REASON = 2000;

    private final Store store;
    private final Authority authority;
    private final AuditTrail audit;
    private final Predicate<String> editionActive;
    private final Supplier<List<ComplianceRules>> editionRules;
    private final Clock clock;
    /** Edition hooks by the edition they belong to; called only while that edition is active. */
    private final Map<EditionHook, String> hooks = new ConcurrentHashMap<>();

    @Activate
    public ContentServiceImpl(@Reference Store store, @Reference Authority authority, @Reference AuditTrail audit,
            @Reference EditionRegistry editions) {
        this(store, authority, audit, id -> editions.find(id).isPresent(), () -> editions.editions().stream()
                .map(e -> editions.content(e.id())).flatMap(Optional::stream).map(EditionContent::compliance).toList(),
                Clock.systemUTC());
    }

    /**
     * @param editionActive whether the edition of that id is active (its hooks are called only then)
     * @param editionRules the compliance rules the active editions declare ({@code SIYU-INF/compliance.json})
     */
    public ContentServiceImpl(Store store, Authority authority, AuditTrail audit, Predicate<String> editionActive,
            Supplier<List<ComplianceRules>> editionRules, Clock clock) {
        this.store = store;
        this.authority = authority;
        this.audit = audit;
        this.editionActive = editionActive;
        this.editionRules = editionRules;
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addHook(EditionHook hook, Map<String, Object> properties) {
        Object edition = properties.get(EditionHook.EDITION_PROPERTY);
        if (edition != null) {
            hooks.put(hook, edition.toString());
        }
    }

    public void removeHook(EditionHook hook) {
        hooks.remove(hook);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // --- where a caller stands -------------------------------------------------------------

    private Optional<Staff> staffOf(Caller caller) {
        return caller.staffId() == null ? Optional.empty() : store.org().staff(caller.staffId());
    }

    /** The units whose content the caller sees; null for all. */
    private Set<String> visibleUnits(Caller caller) {
        if (caller.scope() == DataScope.ALL) {
            return null;
        }
        Optional<Staff> staff = staffOf(caller);
        if (staff.isEmpty()) {
            return Set.of();
        }
        List<OrgUnit> units = store.org().units();
        Set<String> visible = new HashSet<>(DataScopes.subtree(units, staff.get().orgUnitId()));
        visible.addAll(ancestorsOrSelf(units, staff.get().orgUnitId()));
        return visible;
    }

    /** The units whose content the caller may write: their unit's subtree; null for all. */
    private Set<String> editableUnits(Caller caller) {
        if (caller.scope() == DataScope.ALL && staffOf(caller).map(s -> isRoot(s.orgUnitId())).orElse(true)) {
            return null;
        }
        return staffOf(caller).map(s -> DataScopes.subtree(store.org().units(), s.orgUnitId())).orElse(Set.of());
    }

    private boolean isRoot(String unitId) {
        return store.org().unit(unitId).map(OrgUnit::isRoot).orElse(false);
    }

    /** The unit and every unit above it. */
    static Set<String> ancestorsOrSelf(List<OrgUnit> units, String unitId) {
        Map<String, String> parent = new java.util.HashMap<>();
        units.forEach(u -> parent.put(u.id(), u.parentId()));
        Set<String> out = new LinkedHashSet<>();
        for (String u = unitId; u != null && out.add(u);) {
            u = parent.get(u);
        }
        return out;
    }

    /**
     * Whether the caller reviews at the owning unit's level or above: a staff member by the unit
     * they sit in, a caller without a staff record (administrator, head-office user) by scope ALL.
     */
    private boolean atReviewLevel(Caller caller, String ownerUnit) {
        Optional<Staff> staff = staffOf(caller);
        if (staff.isPresent()) {
            return ancestorsOrSelf(store.org().units(), ownerUnit).contains(staff.get().orgUnitId());
        }
        return caller.scope() == DataScope.ALL;
    }

    private StoredContent visible(Caller caller, long id) {
        StoredContent item = store.content().find(id).orElseThrow(() -> new NotFoundException("content", id));
        Set<String> units = visibleUnits(caller);
        if (units != null && !units.contains(item.ownerUnit())) {
            throw new NotFoundException("content", id);
        }
        return item;
    }

    private void requireEditable(Caller caller, StoredContent item) {
        Set<String> units = editableUnits(caller);
        if (units != null && !units.contains(item.ownerUnit())) {
            throw new ForbiddenException("content of unit " + item.ownerUnit() + " is edited within that unit or above;"
                    + " '" + caller.username() + "' may edit only their own unit's subtree");
        }
    }

    // --- reading -----------------------------------------------------------------------------

    @Override
    public ContentItem get(Caller caller, long id) {
        return item(visible(caller, id));
    }

    @Override
    public Page<ContentItem> list(Caller caller, ContentQuery query) {
        Filter filter = new Filter(visibleUnits(caller), query.state(), query.label(), query.kind(), query.usableOnly());
        List<ContentItem> items = store.content().list(filter, query.page().offset(), query.page().limit()).stream()
                .map(this::item).toList();
        return new Page<>(items, store.content().count(filter), query.page().offset(), query.page().limit());
    }

    @Override
    public List<ContentVersion> versions(Caller caller, long id) {
        visible(caller, id);
        return store.content().versions(id).stream().map(ContentServiceImpl::version).toList();
    }

    @Override
    public List<ContentTransition> history(Caller caller, long id) {
        visible(caller, id);
        return store.content().transitions(id);
    }

    private ContentItem item(StoredContent s) {
        ContentVersion latest = version(store.content().version(s.id(), s.latestVersion()).orElseThrow());
        ContentVersion approved = s.approvedVersion() == null ? null : s.approvedVersion() == s.latestVersion() ? latest
                : version(store.content().version(s.id(), s.approvedVersion()).orElseThrow());
        return new ContentItem(s.id(), s.kind(), s.ownerUnit(), s.createdBy(), s.createdAt(), latest, approved);
    }

    private static ContentVersion version(StoredVersion v) {
        return new ContentVersion(v.contentId(), v.version(), v.title(), v.labels(), ContentJson.body(v.body()), v.state(),
                v.author(), v.createdAt(), v.reviewer(), v.reviewedAt(), v.reason());
    }

    // --- writing -----------------------------------------------------------------------------

    @Override
    public ContentItem create(Caller caller, ContentDraft draft) {
        authority.require(caller, Permission.CONTENT_CREATE);
        List<FieldError> errors = new ArrayList<>(ContentChecks.shape(draft.kind(), draft.body()));
        String owner = draft.ownerUnitId() != null ? draft.ownerUnitId()
                : staffOf(caller).map(Staff::orgUnitId).orElse(null);
        if (owner == null) {
            errors.add(FieldError.of("ownerUnitId", "is required for a caller without a staff record"));
        } else if (store.org().unit(owner).isEmpty()) {
            errors.add(FieldError.of("ownerUnitId", "no org unit " + owner));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Set<String> editable = editableUnits(caller);
        if (editable != null && !editable.contains(owner)) {
            throw new ForbiddenException("'" + caller.username() + "' creates content for their own unit or the units"
                    + " below it, not for " + owner);
        }
        long id = store.content().insert(draft.kind(), owner, draft.title(), draft.labels(),
                ContentJson.body(draft.body()), caller.username(), now());
        return get(Caller.SYSTEM, id);
    }

    @Override
    public ContentItem update(Caller caller, long id, ContentDraft draft) {
        authority.require(caller, Permission.CONTENT_CREATE);
        StoredContent item = visible(caller, id);
        requireEditable(caller, item);
        List<FieldError> errors = new ArrayList<>();
        if (draft.kind() != item.kind()) {
            errors.add(FieldError.of("kind", "stays " + item.kind() + "; make new content for another kind"));
        } else {
            errors.addAll(ContentChecks.shape(draft.kind(), draft.body()));
        }
        if (draft.ownerUnitId() != null && !draft.ownerUnitId().equals(item.ownerUnit())) {
            errors.add(FieldError.of("ownerUnitId", "stays " + item.ownerUnit()));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String body = ContentJson.body(draft.body());
        boolean changed;
        switch (item.latestState()) {
            case DRAFT -> changed = store.content().replaceDraft(id, item.latestVersion(), draft.title(), draft.labels(),
                    body, caller.username(), now());
            case PENDING_REVIEW -> throw new ConflictException("content " + id + " v" + item.latestVersion()
                    + " is under review; it can be changed once approved or rejected");
            default -> changed = store.content().addVersion(id, item.latestVersion(), item.latestState(), draft.title(),
                    draft.labels(), body, caller.username(), now());
        }
        if (!changed) {
            throw new ConflictException("content " + id + " changed meanwhile; read it again");
        }
        return get(Caller.SYSTEM, id);
    }

    @Override
    public ContentItem submit(Caller caller, long id) {
        authority.require(caller, Permission.CONTENT_CREATE);
        StoredContent item = visible(caller, id);
        requireEditable(caller, item);
        requireLatest(item, ContentState.DRAFT, "submitted");
        StoredVersion v = store.content().version(id, item.latestVersion()).orElseThrow();
        List<FieldError> problems = review(caller, v);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        move(caller, item, item.latestVersion(), ContentState.DRAFT, ContentState.PENDING_REVIEW, null,
                AuditActions.CONTENT_SUBMIT);
        return get(Caller.SYSTEM, id);
    }

    @Override
    public ContentItem approve(Caller caller, long id, String comment) {
        authority.require(caller, Permission.CONTENT_APPROVE);
        StoredContent item = visible(caller, id);
        requireLatest(item, ContentState.PENDING_REVIEW, "approved");
        StoredVersion v = store.content().version(id, item.latestVersion()).orElseThrow();
        requireChecker(caller, item, v);
        List<FieldError> problems = review(caller, v);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        move(caller, item, v.version(), ContentState.PENDING_REVIEW, ContentState.APPROVED, reason(comment, false),
                AuditActions.CONTENT_APPROVE);
        return get(Caller.SYSTEM, id);
    }

    @Override
    public ContentItem reject(Caller caller, long id, String reason) {
        authority.require(caller, Permission.CONTENT_APPROVE);
        String why = reason(reason, true);
        StoredContent item = visible(caller, id);
        requireLatest(item, ContentState.PENDING_REVIEW, "rejected");
        StoredVersion v = store.content().version(id, item.latestVersion()).orElseThrow();
        requireChecker(caller, item, v);
        move(caller, item, v.version(), ContentState.PENDING_REVIEW, ContentState.REJECTED, why,
                AuditActions.CONTENT_REJECT);
        return get(Caller.SYSTEM, id);
    }

    @Override
    public ContentItem withdraw(Caller caller, long id, String reason) {
        String why = reason(reason, true);
        StoredContent item = visible(caller, id);
        boolean reviewer = authority.allows(caller, Permission.CONTENT_APPROVE) && atReviewLevel(caller, item.ownerUnit());
        if (!reviewer) {
            authority.require(caller, Permission.CONTENT_CREATE);
            requireEditable(caller, item);
        }
        if (item.approvedVersion() == null) {
            throw new ConflictException("content " + id + " has no approved version in use to withdraw");
        }
        move(caller, item, item.approvedVersion(), ContentState.APPROVED, ContentState.WITHDRAWN, why,
                AuditActions.CONTENT_WITHDRAW);
        return get(Caller.SYSTEM, id);
    }

    private static void requireLatest(StoredContent item, ContentState expected, String what) {
        if (item.latestState() != expected) {
            throw new ConflictException("content " + item.id() + " v" + item.latestVersion() + " is "
                    + item.latestState() + "; only " + expected + " content can be " + what);
        }
    }

    /** Maker-checker: someone else, at the owning unit or above. */
    private void requireChecker(Caller caller, StoredContent item, StoredVersion v) {
        String me = caller.username();
        if (me.equals(v.author()) || me.equals(v.submittedBy())) {
            throw new ForbiddenException("maker-checker: '" + me + "' made content " + item.id() + " v" + v.version()
                    + " and cannot review it; another reviewer must");
        }
        if (!atReviewLevel(caller, item.ownerUnit())) {
            throw new ForbiddenException("content of unit " + item.ownerUnit() + " is reviewed at that unit or above;"
                    + " '" + me + "' sits " + staffOf(caller).map(s -> "at " + s.orgUnitId()).orElse("below head office"));
        }
    }

    private static String reason(String reason, boolean required) {
        String r = reason == null || reason.isBlank() ? null : reason.strip();
        if (required && r == null) {
            throw new ValidationException(FieldError.of("reason", "is required"));
        }
        if (r != null && r.length() > MAX_REASON) {
            throw new ValidationException(FieldError.of("reason", "at most " + MAX_REASON + " characters"));
        }
        return r;
    }

    private void move(Caller caller, StoredContent item, int version, ContentState from, ContentState to, String reason,
            String action) {
        if (!store.content().move(item.id(), version, from, to, caller.username(), now(), reason)) {
            throw new ConflictException("content " + item.id() + " v" + version + " is no longer " + from
                    + "; someone else acted on it first");
        }
        audit.append(caller.username(), List.of(new AuditRecord(action, "content", item.id() + "/v" + version,
                reason)));
    }

    // --- compliance --------------------------------------------------------------------------

    /** Every problem the version has: sensitive words, missing disclosures, editions' findings. */
    private List<FieldError> review(Caller caller, StoredVersion v) {
        io.siyu.api.content.ContentBody body = ContentJson.body(v.body());
        Map<String, String> texts = ContentChecks.texts(body);
        // a word or disclosure both configured and declared by an edition is one problem, not two
        Set<FieldError> problems = new LinkedHashSet<>();
        problems.addAll(ContentChecks.sensitiveWords(texts, store.content().sensitiveWords()));
        problems.addAll(ContentChecks.disclosures(texts, v.labels(), storedDisclosures()));
        for (ComplianceRules declared : editionRules.get()) {
            problems.addAll(ContentChecks.sensitiveWords(texts, declared.sensitiveWords()));
            problems.addAll(ContentChecks.disclosures(texts, v.labels(), ContentChecks.disclosures(declared)));
        }
        for (Map.Entry<EditionHook, String> hook : hooks.entrySet()) {
            if (editionActive.test(hook.getValue())) {
                problems.addAll(ContentChecks.edition(hook.getValue(), hook.getKey(), caller, body));
            }
        }
        return new ArrayList<>(problems);
    }

    private List<RiskDisclosure> storedDisclosures() {
        return store.settings().get(DISCLOSURES_SETTING).map(ContentJson::disclosures).orElse(List.of());
    }

    private void requireReader(Caller caller) {
        if (!authority.allows(caller, Permission.CONTENT_CREATE)) {
            authority.require(caller, Permission.CONTENT_APPROVE);
        }
    }

    /** The lists bind every unit, so head office keeps them: staff of a root unit, or callers of scope ALL without one. */
    private void requireComplianceManager(Caller caller, String what) {
        authority.require(caller, Permission.CONTENT_APPROVE);
        Optional<Staff> staff = staffOf(caller);
        boolean headOffice = staff.isPresent() ? isRoot(staff.get().orgUnitId()) : caller.scope() == DataScope.ALL;
        if (!headOffice) {
            throw new ForbiddenException(what + " is for head office; '" + caller.username() + "' sits "
                    + staff.map(s -> "at " + s.orgUnitId()).orElse("below it"));
        }
    }

    @Override
    public List<String> sensitiveWords(Caller caller) {
        requireReader(caller);
        return store.content().sensitiveWords();
    }

    @Override
    public List<String> putSensitiveWords(Caller caller, List<String> words) {
        requireComplianceManager(caller, "changing the sensitive words");
        List<FieldError> errors = new ArrayList<>();
        Set<String> clean = new TreeSet<>();
        for (int i = 0; i < (words == null ? 0 : words.size()); i++) {
            String w = words.get(i) == null ? "" : words.get(i).strip();
            if (w.isEmpty() || w.length() > MAX_WORD) {
                errors.add(FieldError.of("words[" + i + "]", "a word is 1 to " + MAX_WORD + " characters"));
            } else {
                clean.add(w);
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        store.content().replaceSensitiveWords(clean, caller.username(), now());
        audit.append(caller.username(), List.of(new AuditRecord(AuditActions.COMPLIANCE_CHANGE, "sensitive-words", "*",
                clean.size() + " words")));
        return store.content().sensitiveWords();
    }

    @Override
    public List<RiskDisclosure> riskDisclosures(Caller caller) {
        requireReader(caller);
        return storedDisclosures();
    }

    @Override
    public List<RiskDisclosure> putRiskDisclosures(Caller caller, List<RiskDisclosure> disclosures) {
        requireComplianceManager(caller, "changing the risk disclosures");
        List<RiskDisclosure> list = disclosures == null ? List.of() : List.copyOf(disclosures);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (!ids.add(list.get(i).id())) {
                throw new ValidationException(FieldError.of("[" + i + "].id", "repeats " + list.get(i).id()));
            }
        }
        String json = ContentJson.disclosures(list);
        if (json.length() > 4000) {
            throw new ValidationException(FieldError.of("disclosures", "too long to store (" + json.length()
                    + " characters of JSON, at most 4000)"));
        }
        store.settings().put(DISCLOSURES_SETTING, json);
        audit.append(caller.username(), List.of(new AuditRecord(AuditActions.COMPLIANCE_CHANGE, "risk-disclosures", "*",
                list.stream().map(RiskDisclosure::id).collect(Collectors.joining(", ")))));
        return storedDisclosures();
    }
}
