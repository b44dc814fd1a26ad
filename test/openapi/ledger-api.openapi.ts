// Generated from the served /docs-json by `npm run openapi:client` (openapi-typescript). Do not edit.
export interface paths {
    "/v1/trainings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a training session delivered to law enforcement */
        post: operations["TrainingsController_record"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/trainings/{id}/corrections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Correct recorded fields of a session (a new event; the original stays) */
        post: operations["TrainingsController_correct"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/trainings/{id}/withdrawal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Withdraw a session recorded in error; it drops out of every figure */
        post: operations["TrainingsController_withdraw"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/le-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a request received from a law-enforcement agency */
        post: operations["LeRequestsController_receive"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/le-requests/{id}/answer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record the answer to a request (once) */
        post: operations["LeRequestsController_answer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/le-requests/{id}/withdrawal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record that the agency withdrew an open request */
        post: operations["LeRequestsController_withdraw"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/le-requests/{id}/corrections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Correct recorded fields of a request (a new event; the original stays) */
        post: operations["LeRequestsController_correct"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/le-requests/{id}/reversal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reverse a request recorded in error; it drops out of every figure (an agency taking a request back is a withdrawal) */
        post: operations["LeRequestsController_reverse"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/le-requests/{id}/supplementary-answers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record more sent after the answer; the first answer stays the response time */
        post: operations["LeRequestsController_supplement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/freezes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record funds frozen on an order or suspicion */
        post: operations["FreezesController_freeze"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/freezes/{id}/releases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Release frozen funds back to the account holder */
        post: operations["FreezesController_release"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/freezes/{id}/seizures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record frozen funds seized by an authority */
        post: operations["FreezesController_seize"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/freezes/{id}/returns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record frozen funds returned to victims */
        post: operations["FreezesController_return"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/freezes/{id}/corrections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Correct recorded fields of a freeze, not its amounts (a new event; the original stays) */
        post: operations["FreezesController_correct"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/freezes/{id}/reversal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reverse a freeze recorded in error; it and its releases, seizures and returns drop out of every figure */
        post: operations["FreezesController_reverse"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a theft reported by victims (hack, scam, ransomware, ...) */
        post: operations["IncidentsController_report"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/incidents/{id}/recoveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record funds recovered for the victims of an incident */
        post: operations["IncidentsController_recover"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/incidents/{id}/corrections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Correct recorded fields of a reported theft (a new event; the original stays) */
        post: operations["IncidentsController_correct"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/incidents/{id}/reversal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reverse an incident recorded in error; it and its recoveries drop out of every figure */
        post: operations["IncidentsController_reverse"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import commands as NDJSON: one {"type", "data", "idempotencyKey"?, "imported"?} per line
         * @description Lines go in batches; a batch is appended whole or not at all. With an Idempotency-Key header, a line without its own key gets `<header key>:<line number>`, so retrying the whole import appends nothing twice. `"imported": {"source", "recordedAt"}` brings a record over from an earlier system with the time that system recorded it (an ISO instant, not after now): it is kept as `metadata.imported` beside the ledger's own recordedAt, which is never backdated, and figures "as known at" a time honour it. Only keys granted `history` may send it (`import.imported_not_allowed` otherwise).
         */
        post: operations["ImportController_import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/streams/{stream}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Events of one stream, with metadata and integrity fields */
        get: operations["EventLogController_readStream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The global log in order, paged by position; a page also ends at 4 MiB of JSON (follow next) */
        get: operations["EventLogController_readLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The API is up and its event store answers; with a credential, also the log head and whether figures are stale */
        get: operations["HealthController_check"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every API key, revoked ones included (never the keys themselves) */
        get: operations["KeysController_list"];
        put?: never;
        /** Create an API key; the key is in this answer only */
        post: operations["KeysController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{keyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One API key */
        get: operations["KeysController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{keyId}/revocation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke an API key: it stops working at once */
        post: operations["KeysController_revoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/security/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The security log (key management, subject details sealed, erasures), in order */
        get: operations["KeysController_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Keep personal details of a subject, sealed with its own key; answers its pseudonym */
        post: operations["SubjectsController_record"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{subject}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A subject's details, opened with its key; 410 once erased */
        get: operations["SubjectsController_read"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{subject}/erasure": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Erase a subject: destroy its key, so its details can never be read again (crypto-shredding) */
        post: operations["SubjectsController_erase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/figures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Figure definitions: versions, methodology, dimensions, measures, and how far each is projected */
        get: operations["FiguresController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/figures/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A figure answer, grouped and filtered, as of a business time and as known at a log position or time */
        get: operations["FiguresController_answer"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/figures/{name}/provenance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The contributions behind a figure cell (same filters as the answer), one page of events at a time */
        get: operations["FiguresController_provenance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/public-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The ledger's Ed25519 public key: PEM (for openssl), raw base64, and key id (hex SHA-256 of the raw key) */
        get: operations["AuditController_publicKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/tree-heads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Signed tree heads in issue order (size, root, timestamp, key id, Ed25519 signature); not for a caller limited to some jurisdictions */
        get: operations["AuditController_treeHeads"];
        put?: never;
        /** Sign a tree head now, over every event stored so far (auditors) */
        post: operations["AuditController_issue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/tree-heads/latest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest signed tree head; not for a caller limited to some jurisdictions */
        get: operations["AuditController_latest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/proofs/inclusion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** RFC 9162 inclusion proof of an event (by position or eventId) in the tree of a signed head */
        get: operations["AuditController_inclusion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/proofs/consistency": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** RFC 9162 consistency proof between two tree sizes (two signed heads): the later log extends the earlier unchanged */
        get: operations["AuditController_consistency"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/verifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a full verification (every content hash, stream chain, Merkle leaf and signed root) as a job; a running one is returned instead of a second */
        post: operations["VerificationsController_start"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/verifications/latest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest verification result at once: how far the continuous verifier has checked, its age, and the last full verification */
        get: operations["VerificationsController_latest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/verifications/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A verification job: state, progress (events checked, of how many) and, once done, its report */
        get: operations["VerificationsController_job"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest verification result, brought up to every event stored now (see POST /v1/audit/verifications for a full pass) */
        get: operations["VerificationsController_verify"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/attestations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A signed statement of a figure answer: the query, the canonical hash of the answer, and the signed tree head it was computed at */
        post: operations["AttestationsController_attest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/figures/{name}/restatements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How a figure answer changed over recording time: each correction that changed it, why, and the values before and after; paged */
        get: operations["RestatementsController_restatements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers (no I/O) */
        get: operations["ProbesController_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: takes traffic (not shutting down, event store reachable, projector running) */
        get: operations["ProbesController_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        FieldProblem: {
            /**
             * @description Path of the field in the request (body, query or header).
             * @example agencies[0].country
             */
            field: string;
            /** @example agencies[0].country must be an ISO 3166-1 alpha-2 country code such as "MX" */
            message: string;
            /**
             * @description Stable name of the rule that failed.
             * @example isIso31661Alpha2
             */
            code?: string;
        };
        ProblemDetails: {
            /**
             * @description URI naming the kind of problem; stable per code.
             * @example urn:ledger:problem:validation
             */
            type: string;
            /** @example Request is invalid */
            title: string;
            /** @example 400 */
            status: number;
            /** @example deliveredOn must be an ISO date YYYY-MM-DD */
            detail: string;
            /**
             * @description The request path that produced the problem.
             * @example /v1/trainings
             */
            instance: string;
            /**
             * @description Stable machine-readable code, e.g. training.withdrawn.
             * @example validation
             */
            code: string;
            errors?: components["schemas"]["FieldProblem"][];
        };
        AgencyDto: {
            /**
             * @description Name of the agency.
             * @example Fiscalía General de la República
             */
            name: string;
            /**
             * @description What kind of agency it is.
             * @example prosecutor
             * @enum {string}
             */
            kind: "police" | "prosecutor" | "judiciary" | "financial_intelligence" | "tax" | "customs" | "regulator" | "military" | "international" | "other";
            /**
             * @description Country of the agency (ISO 3166-1 alpha-2).
             * @example MX
             */
            country: string;
        };
        RecordTrainingDto: {
            /**
             * Format: date
             * @description Date the session was delivered (its first day).
             * @example 2024-03-05
             */
            deliveredOn: string;
            /**
             * Format: date
             * @description Last day, for multi-day sessions.
             * @example 2024-03-06
             */
            endsOn?: string;
            /**
             * @description Country where the session took place (ISO 3166-1 alpha-2).
             * @example MX
             */
            country: string;
            /**
             * @description City where the session took place.
             * @example Ciudad de México
             */
            city?: string;
            /**
             * @description How the session was delivered.
             * @example in_person
             * @enum {string}
             */
            format: "in_person" | "virtual" | "hybrid";
            /** @description Agencies whose officers attended. */
            agencies: components["schemas"]["AgencyDto"][];
            /**
             * @description Number of people trained.
             * @example 35
             */
            participants: number;
            /**
             * @description Topics covered.
             * @example [
             *       "blockchain tracing",
             *       "freezing procedures"
             *     ]
             */
            topics: string[];
            /**
             * @description Co-organiser, e.g. INTERPOL.
             * @example INTERPOL
             */
            partner?: string;
            /**
             * @description Id of the new session; derived from the Idempotency-Key (or random) when absent.
             * @example 2024-cdmx-01
             */
            trainingId?: string;
        };
        AppendedEvent: {
            /** Format: uuid */
            eventId: string;
            /** @example TrainingSessionRecorded */
            type: string;
            /**
             * @description 0-based index of the event in its stream.
             * @example 0
             */
            revision: number;
            /**
             * @description Position in the global log (GET /v1/events?after=).
             * @example 42
             */
            position: number;
        };
        CommandAccepted: {
            /** @description The Idempotency-Key when one was sent, else a fresh UUID. */
            commandId: string;
            /** @example training-2024-cdmx-01 */
            stream: string;
            events: components["schemas"]["AppendedEvent"][];
        };
        TrainingChangesDto: {
            /**
             * Format: date
             * @description Date the session was delivered (its first day).
             * @example 2024-03-05
             */
            deliveredOn?: string;
            /**
             * Format: date
             * @description Last day, for multi-day sessions.
             * @example 2024-03-06
             */
            endsOn?: string;
            /**
             * @description Country where the session took place (ISO 3166-1 alpha-2).
             * @example MX
             */
            country?: string;
            /**
             * @description City where the session took place.
             * @example Ciudad de México
             */
            city?: string;
            /**
             * @description How the session was delivered.
             * @example in_person
             * @enum {string}
             */
            format?: "in_person" | "virtual" | "hybrid";
            /** @description Agencies whose officers attended. */
            agencies?: components["schemas"]["AgencyDto"][];
            /**
             * @description Number of people trained.
             * @example 35
             */
            participants?: number;
            /**
             * @description Topics covered.
             * @example [
             *       "blockchain tracing",
             *       "freezing procedures"
             *     ]
             */
            topics?: string[];
            /**
             * @description Co-organiser, e.g. INTERPOL.
             * @example INTERPOL
             */
            partner?: string;
        };
        CorrectTrainingDto: {
            /** @description The corrected fields and their new values (at least one). */
            changes: components["schemas"]["TrainingChangesDto"];
            /**
             * @description Why the record was wrong.
             * @example participant count was taken from the invitation, not the attendance sheet
             */
            reason: string;
        };
        WithdrawTrainingDto: {
            /**
             * @description Why the session is withdrawn (it never took place, duplicate entry, ...).
             * @example duplicate of training 2024-cdmx-01
             */
            reason: string;
        };
        ReceiveRequestDto: {
            /**
             * @description Id of the request; derived from the Idempotency-Key (or random) when absent.
             * @example fgr-2024-000123
             */
            requestId?: string;
            /** @description The agency that sent the request. */
            agency: components["schemas"]["AgencyDto"];
            /**
             * @description What the agency asks for.
             * @example information
             * @enum {string}
             */
            kind: "information" | "freeze" | "seizure" | "preservation" | "emergency";
            /**
             * Format: date-time
             * @description When the request arrived.
             * @example 2024-03-05T14:30:00Z
             */
            receivedAt: string;
            /**
             * @description Deadline set by the agency, if any.
             * @example 2024-03-15
             */
            dueBy?: string;
            /**
             * @description The agency's own reference (case or letter number).
             * @example FGR/UEIDF/123/2024
             */
            reference: string;
        };
        AnswerRequestDto: {
            /**
             * Format: date-time
             * @description When the answer was sent; at or after receipt.
             * @example 2024-03-07T10:00:00Z
             */
            answeredAt: string;
            /**
             * @description What the answer gave the agency.
             * @example disclosed
             * @enum {string}
             */
            outcome: "disclosed" | "partially_disclosed" | "no_data" | "rejected";
        };
        WithdrawRequestDto: {
            /**
             * @description Why the agency withdrew the request.
             * @example the agency closed its case
             */
            reason: string;
            /**
             * Format: date-time
             * @description When it was withdrawn; the time of recording when absent.
             * @example 2024-03-06T09:00:00Z
             */
            withdrawnAt?: string;
        };
        RequestChangesDto: {
            /** @description The agency that sent the request, as a whole. */
            agency?: components["schemas"]["AgencyDto"];
            /**
             * @description What the agency asks for.
             * @example freeze
             * @enum {string}
             */
            kind?: "information" | "freeze" | "seizure" | "preservation" | "emergency";
            /**
             * Format: date-time
             * @description When the request arrived.
             * @example 2024-03-05T14:30:00Z
             */
            receivedAt?: string;
            /**
             * @description Deadline set by the agency; null removes a deadline recorded in error.
             * @example 2024-03-15
             */
            dueBy?: string | null;
            /**
             * @description The agency's own reference (case or letter number).
             * @example FGR/UEIDF/123/2024
             */
            reference?: string;
        };
        CorrectRequestDto: {
            /** @description The corrected fields and their new values (at least one). */
            changes: components["schemas"]["RequestChangesDto"];
            /**
             * @description Why the record was wrong.
             * @example the reference was copied from the covering letter, not the order
             */
            reason: string;
        };
        ReverseRequestDto: {
            /**
             * @description Why the record was made in error (no such request arrived). A request the agency took back is a withdrawal instead.
             * @example test entry made in production
             */
            reason: string;
        };
        SupplementAnswerDto: {
            /**
             * @description The request's outcome after this supplement.
             * @example disclosed
             * @enum {string}
             */
            outcome: "disclosed" | "partially_disclosed" | "no_data" | "rejected";
            /**
             * Format: date-time
             * @description When the supplement was sent; at or after the answer. The time of recording when absent.
             * @example 2024-03-12T10:00:00Z
             */
            supplementedAt?: string;
            /**
             * @description What the supplement added.
             * @example statements of the second account
             */
            note?: string;
        };
        AssetAmountDto: {
            /**
             * @description Asset code as the exchange writes it; case matters.
             * @example USDT
             */
            asset: string;
            /**
             * @description Exact amount of the asset: a positive decimal string, up to 18 decimals.
             * @example 1250.5
             */
            amount: string;
            /**
             * @description USD value at the time: a positive decimal string, up to 8 decimals.
             * @example 1250.5
             */
            usdValue: string;
        };
        FreezeFundsDto: {
            /**
             * @description Id of the freeze; derived from the Idempotency-Key (or random) when absent.
             * @example fz-2024-0042
             */
            freezeId?: string;
            /** @description What was frozen: one line per asset. */
            assets: components["schemas"]["AssetAmountDto"][];
            /**
             * @description When the funds were frozen.
             * @example 2024-06-12T15:00:00Z
             */
            frozenAt: string;
            /**
             * @description Why: the order or suspicion behind the freeze.
             * @example court order 123/2024
             */
            reason: string;
            /**
             * @description Jurisdiction the freeze is attributed to (ISO 3166-1 alpha-2).
             * @example MX
             */
            country: string;
            /**
             * @description The law-enforcement request that asked for it, if any; it must be on record and not reversed.
             * @example fgr-2024-000123
             */
            requestId?: string;
            /**
             * @description The theft it relates to, if any; it must be on record and not reversed.
             * @example inc-2024-007
             */
            incidentId?: string;
            /** @description Keyed pseudonyms of the frozen accounts (64 hex digits, optionally "<keyId>:" first); never raw account ids. */
            accounts?: string[];
            /**
             * @description Raw account identifiers of the frozen accounts. The API turns each into a keyed pseudonym (HMAC with the ledger secret) and records only that, in accounts.
             * @example [
             *       "UID-48121377"
             *     ]
             */
            accountIds?: string[];
        };
        ReleaseFundsDto: {
            /** @description What is released back to the account holder. */
            assets: components["schemas"]["AssetAmountDto"][];
            /**
             * @description When the funds were released; at or after the freeze.
             * @example 2024-07-01T09:00:00Z
             */
            releasedAt: string;
            /**
             * @description Why the funds were released.
             * @example order lifted by the court
             */
            reason: string;
        };
        SeizeFundsDto: {
            /** @description What was handed over to the authority. */
            assets: components["schemas"]["AssetAmountDto"][];
            /**
             * @description When the funds were seized; at or after the freeze.
             * @example 2024-07-15T12:00:00Z
             */
            seizedAt: string;
            /**
             * @description The authority that seized the funds.
             * @example Drug Enforcement Administration
             */
            authority: string;
            /**
             * @description Reference of the seizure order.
             * @example SW-2024-118
             */
            orderReference: string;
        };
        ReturnFundsDto: {
            /** @description What was returned to the victims. */
            assets: components["schemas"]["AssetAmountDto"][];
            /**
             * @description When the funds were returned; at or after the freeze.
             * @example 2024-08-01T10:00:00Z
             */
            returnedAt: string;
            /**
             * @description The theft whose victims got the funds back, if any; it must be on record and not reversed.
             * @example inc-2024-007
             */
            incidentId?: string;
        };
        FreezeChangesDto: {
            /**
             * @description When the funds were frozen; not after the first release, seizure or return.
             * @example 2024-06-12T15:00:00Z
             */
            frozenAt?: string;
            /**
             * @description The order or suspicion behind the freeze.
             * @example court order 123/2024
             */
            reason?: string;
            /**
             * @description Jurisdiction the freeze is attributed to (ISO 3166-1 alpha-2).
             * @example MX
             */
            country?: string;
            /**
             * @description The law-enforcement request that asked for it (must be on record); null removes the link.
             * @example fgr-2024-000123
             */
            requestId?: string | null;
            /**
             * @description The theft it relates to (must be on record); null removes the link.
             * @example inc-2024-007
             */
            incidentId?: string | null;
        };
        CorrectFreezeDto: {
            /** @description The corrected fields and their new values (at least one). */
            changes: components["schemas"]["FreezeChangesDto"];
            /**
             * @description Why the record was wrong.
             * @example linked to the wrong request
             */
            reason: string;
        };
        ReverseFreezeDto: {
            /**
             * @description Why the freeze was recorded in error; it and its releases, seizures and returns drop out of every figure.
             * @example amount entered wrongly; recorded again as fz-2024-0042b
             */
            reason: string;
        };
        ReportStolenFundsDto: {
            /**
             * @description Id of the incident; derived from the Idempotency-Key (or random) when absent.
             * @example inc-2024-007
             */
            incidentId?: string;
            /**
             * @description USD value stolen: a positive decimal string, up to 8 decimals.
             * @example 2500000
             */
            usdValue: string;
            /**
             * @description When the theft was reported.
             * @example 2024-05-02T08:00:00Z
             */
            reportedAt: string;
            /**
             * @description How the funds were stolen.
             * @example hack
             * @enum {string}
             */
            kind: "hack" | "scam" | "ransomware" | "other";
            /**
             * @description Jurisdiction of the victims (ISO 3166-1 alpha-2).
             * @example MX
             */
            country: string;
        };
        RecordRecoveryDto: {
            /**
             * @description USD value recovered: a positive decimal string, up to 8 decimals.
             * @example 400000
             */
            usdValue: string;
            /**
             * @description When the funds were recovered; at or after the report.
             * @example 2024-06-20T10:00:00Z
             */
            recoveredAt: string;
            /**
             * @description The freeze the recovered funds came from, if any; it must be on record and not reversed.
             * @example fz-2024-0042
             */
            freezeId?: string;
        };
        IncidentChangesDto: {
            /**
             * @description USD value stolen: a positive decimal string, up to 8 decimals.
             * @example 2600000
             */
            usdValue?: string;
            /**
             * @description When the theft was reported; not after its first recovery.
             * @example 2024-05-02T08:00:00Z
             */
            reportedAt?: string;
            /**
             * @description How the funds were stolen.
             * @example scam
             * @enum {string}
             */
            kind?: "hack" | "scam" | "ransomware" | "other";
            /**
             * @description Jurisdiction of the victims (ISO 3166-1 alpha-2).
             * @example MX
             */
            country?: string;
        };
        CorrectIncidentDto: {
            /** @description The corrected fields and their new values (at least one). */
            changes: components["schemas"]["IncidentChangesDto"];
            /**
             * @description Why the record was wrong.
             * @example the victims amended their statement
             */
            reason: string;
        };
        ReverseIncidentDto: {
            /**
             * @description Why the incident was recorded in error; it and its recoveries drop out of every figure.
             * @example reported twice; inc-2024-007 stands
             */
            reason: string;
        };
        ImportLineFailure: {
            /** @description 1-based line number in the body. */
            line: number;
            /** @example freeze.exceeds_held */
            code: string;
            message: string;
        };
        ImportLineRange: {
            from: number;
            to: number;
        };
        ImportReportDto: {
            /** @description True when every line was appended or was a retry of one already appended. */
            ok: boolean;
            /** @description Non-blank lines read. */
            lines: number;
            bytes: number;
            /** @description Commands that appended events. */
            appended: number;
            /** @description Commands already executed under their idempotency key: nothing appended again. */
            replayed: number;
            /** @description Events appended. */
            events: number;
            failedLines: number;
            /** @description Well-formed lines not appended because their batch (or an earlier one) failed. */
            notAppended: number;
            /** @description All-or-nothing batches handed to the ledger. */
            batches: number;
            failed: components["schemas"]["ImportLineFailure"][];
            /** @description First line of the batch that failed, when the import stopped there. */
            stoppedAtLine?: number;
            /**
             * @description Exactly which lines are in the log (appended or replayed): inclusive line ranges; every other non-blank line is not.
             * @example [
             *       {
             *         "from": 1,
             *         "to": 500
             *       }
             *     ]
             */
            linesInLog: components["schemas"]["ImportLineRange"][];
        };
        LoggedEventMetadata: {
            /** @description Authenticated principal that issued the command. */
            actor: string;
            /** @description The command (Idempotency-Key) that produced the event. */
            commandId?: string;
            correlationId?: string;
            causationId?: string;
            /**
             * Format: date-time
             * @description When the ledger recorded the event.
             */
            recordedAt: string;
            /** @description Hex SHA-256 of the event's canonical content. */
            contentHash: string;
            /** @description contentHash of the previous event in the stream; 64 zeros for the first. */
            prevHash: string;
        };
        LoggedEvent: {
            /** @description Position in the global log. */
            position: number;
            /** @example training-2024-cdmx-01 */
            stream: string;
            /** @description 0-based index in its stream. */
            revision: number;
            /** Format: uuid */
            eventId: string;
            /** @example TrainingSessionRecorded */
            type: string;
            /** @example 1 */
            schemaVersion: number;
            data: {
                [key: string]: unknown;
            };
            metadata: components["schemas"]["LoggedEventMetadata"];
        };
        StreamPage: {
            stream: string;
            /** @enum {string} */
            direction: "forwards" | "backwards";
            events: components["schemas"]["LoggedEvent"][];
            /** @description Pass as `from` for the next page; null when this page reaches the end. */
            next: number | null;
        };
        LogPage: {
            events: components["schemas"]["LoggedEvent"][];
            /** @description Pass as `after` for the next page; null when this page reaches the head of the log. */
            next: number | null;
        };
        PublicHealthReport: {
            /**
             * @example up
             * @enum {string}
             */
            status: "up";
        };
        HealthReport: {
            /**
             * @description degraded: the API answers but figures are stale (the projector stopped, or, external, is behind and not moving).
             * @example ok
             * @enum {string}
             */
            status: "ok" | "degraded";
            /**
             * @description The event store answered a read.
             * @example up
             */
            eventStore: string;
            /** @description Position of the last event in the log; null when empty. Absent for a caller limited to some jurisdictions (it counts every jurisdiction's events). */
            headPosition?: number | null;
            /**
             * @description Command intake over NATS JetStream, when LEDGER_NATS_URL is set: paused while the event store is unavailable.
             * @example {
             *       "state": "running",
             *       "inFlight": 0
             *     }
             */
            natsIntake?: Record<string, never>;
            /** @description The projector: state, position reached, and why it stopped when it did (in-process), or how an external one progresses. A caller limited to some jurisdictions gets the state only. */
            projection?: Record<string, never>;
            /** @description Callers who may read the log (auditors) only: how far the continuous verifier has checked (tree size, position) and how long ago; counts of the whole log are not for regulators. */
            verifier?: Record<string, never>;
        };
        CreateKeyDto: {
            /**
             * @description service issues commands of its categories; regulator reads figures of its countries; auditor reads everything and writes nothing; admin manages keys.
             * @example regulator
             * @enum {string}
             */
            role: "service" | "regulator" | "auditor" | "admin";
            /**
             * @description Service keys: command categories (training, request, freeze, incident, subject, history) or *.
             * @example [
             *       "freeze"
             *     ]
             */
            categories?: string[];
            /**
             * @description Regulator keys: ISO 3166-1 alpha-2 countries whose figures it may read.
             * @example [
             *       "MX"
             *     ]
             */
            countries?: string[];
            /**
             * @description Who or what the key is for.
             * @example case management service
             */
            label?: string;
        };
        CreatedKeyView: {
            /** @example 3f9c0a1b2c3d4e5f */
            keyId: string;
            /** @enum {string} */
            role: "service" | "regulator" | "auditor" | "admin";
            categories: string[];
            countries: string[];
            label: string | null;
            createdAt: string;
            /** @example apikey:0a1b2c3d4e5f6071 */
            createdBy: string;
            revokedAt: string | null;
            revokedBy: string | null;
            /**
             * @description The key: shown this once, stored only as a hash.
             * @example ldg_…
             */
            key: string;
        };
        ApiKeyView: {
            /** @example 3f9c0a1b2c3d4e5f */
            keyId: string;
            /** @enum {string} */
            role: "service" | "regulator" | "auditor" | "admin";
            categories: string[];
            countries: string[];
            label: string | null;
            createdAt: string;
            /** @example apikey:0a1b2c3d4e5f6071 */
            createdBy: string;
            revokedAt: string | null;
            revokedBy: string | null;
        };
        RevokeKeyDto: {
            /**
             * @description Why the key is revoked.
             * @example rotated
             */
            reason?: string;
        };
        SecurityEventView: {
            position: number;
            stream: string;
            revision: number;
            eventId: string;
            type: string;
            schemaVersion: number;
            /** @description Key grants, pseudonyms and sealed details: never a key or raw personal data */
            data: {
                [key: string]: unknown;
            };
            metadata: {
                [key: string]: unknown;
            };
        };
        SecurityEventPage: {
            events: components["schemas"]["SecurityEventView"][];
            /** @description Position to read after for the next page; null on the last */
            next: number | null;
        };
        RecordSubjectDto: {
            /**
             * @description The raw identifier of the person or account (e.g. the exchange user id). Only its keyed pseudonym is kept.
             * @example UID-48121377
             */
            subjectId: string;
            /**
             * @description Personal details to keep, sealed with the subject’s own key.
             * @example {
             *       "name": "A. Person"
             *     }
             */
            details: {
                [key: string]: string;
            };
        };
        SubjectRecordedView: {
            /** @description The keyed pseudonym of the subject (never the raw identifier) */
            subject: string;
            /** @example /v1/subjects/3f… */
            href: string;
        };
        SubjectRecordView: {
            /** Format: date-time */
            recordedAt: string;
            /** @description The principal that recorded them */
            recordedBy: string;
            /** @description The details, opened with the subject’s key */
            details: {
                [key: string]: string;
            };
        };
        SubjectDetailsView: {
            subject: string;
            records: components["schemas"]["SubjectRecordView"][];
        };
        EraseSubjectDto: {
            /**
             * @description Why: the request or rule behind the erasure.
             * @example data subject request 2025-118
             */
            reason: string;
        };
        SubjectErasedView: {
            subject: string;
            /** Format: date-time */
            erasedAt: string;
            /** @description False when the key had already been destroyed */
            keyDestroyed: boolean;
        };
        DimensionView: {
            name: string;
            description: string;
        };
        MeasureSpecView: {
            name: string;
            /** @enum {string} */
            unit: "count" | "usd" | "days" | "ratio";
            description: string;
        };
        LogPointView: {
            /** @description Log position of the last event reflected; null for a caller limited to some countries (a position counts every jurisdiction's events) */
            position: number | null;
            /**
             * Format: date-time
             * @description When the ledger recorded that event; null for a caller limited to some countries
             */
            recordedAt: string | null;
        };
        FigureDescriptionView: {
            /** @example le-requests */
            name: string;
            /** @description Definition version: a new methodology is a new version */
            version: number;
            title: string;
            /** @description What the figure counts and how, in words a regulator would use */
            methodology: string[];
            dimensions: components["schemas"]["DimensionView"][];
            measures: components["schemas"]["MeasureSpecView"][];
            href: string;
            /** @description How far the projection is; null while it has not started for this version */
            projectedTo: components["schemas"]["LogPointView"] | null;
        };
        ProjectorView: {
            /** @enum {string} */
            state: "idle" | "running" | "caught-up" | "failed";
            /** @description Why it stopped, when failed */
            error?: string;
        };
        FigureListView: {
            figures: components["schemas"]["FigureDescriptionView"][];
            /** @description The in-process projector; null when it runs in another process */
            projector: components["schemas"]["ProjectorView"] | null;
        };
        FigureQueryView: {
            groupBy: string[];
            /** @description Dimension filters */
            filters: {
                [key: string]: string[];
            };
            year: string | null;
            month: string | null;
            from: string | null;
            asOf: string | null;
            knownAt: string | null;
        };
        AnswerRowView: {
            /** @description Group values by groupBy name */
            group: {
                [key: string]: string | null;
            };
            /** @description Counts are numbers; money, days and ratios exact decimal strings; null when undefined */
            measures: {
                [key: string]: number | (string | null);
            };
            /** @description Events that contributed to the cell */
            events: number;
            /** @description Link to the events behind this cell */
            provenance: string;
        };
        FigureAnswerView: {
            figure: string;
            version: number;
            query: components["schemas"]["FigureQueryView"];
            /** @description The log position (and its recording time) the answer is as of */
            knownAt: components["schemas"]["LogPointView"];
            /** @description Events behind the answer */
            events: number;
            measures: string[];
            rows: components["schemas"]["AnswerRowView"][];
            provenance: string;
        };
        ContributionView: {
            /** Format: date-time */
            occurredAt: string;
            dimensions: {
                [key: string]: string | null;
            };
            item: string | null;
            /** @description Exact decimal strings by column */
            values: {
                [key: string]: string;
            };
        };
        ProvenanceEventView: {
            /** @description Log position; null for a caller limited to some countries (its pages go on with sealed cursors) */
            position: number | null;
            eventId: string;
            stream: string;
            type: string;
            /** Format: date-time */
            recordedAt: string;
            contributions: components["schemas"]["ContributionView"][];
        };
        ProvenancePageView: {
            figure: string;
            version: number;
            knownAt: components["schemas"]["LogPointView"];
            events: components["schemas"]["ProvenanceEventView"][];
            /** @description Link to the next page; null on the last */
            next: string | null;
        };
        PublicKeyView: {
            /** @description Hex SHA-256 of the raw Ed25519 public key */
            keyId: string;
            /** @enum {string} */
            algorithm: "Ed25519";
            /** @description SPKI PEM, for openssl */
            publicKeyPem: string;
            /** @description The raw 32-byte key, base64 */
            publicKeyRawBase64: string;
        };
        SignedTreeHeadView: {
            /** @description Events covered: the first treeSize events of the log */
            treeSize: number;
            /** @description RFC 9162 root hash of those leaves, lower-case hex */
            rootHash: string;
            /**
             * Format: date-time
             * @description When it was signed (ISO 8601 UTC)
             */
            timestamp: string;
            /** @description Hex SHA-256 of the signing key */
            keyId: string;
            /** @description Base64 Ed25519 signature over the tree head statement */
            signature: string;
        };
        TreeHeadPage: {
            treeHeads: components["schemas"]["SignedTreeHeadView"][];
            /** @description Link to the next page; null on the last */
            next: string | null;
        };
        InclusionProofView: {
            /** @description Log position of the event */
            position: number;
            /** @description Index of its leaf in the Merkle tree */
            leafIndex: number;
            treeSize: number;
            leafHash: string;
            /** @description RFC 9162 audit path, hex */
            path: string[];
            /** @description The signed head of that tree size, if one was signed */
            treeHead: components["schemas"]["SignedTreeHeadView"] | null;
        };
        ConsistencyProofView: {
            firstSize: number;
            secondSize: number;
            /** @description RFC 9162 consistency path, hex */
            path: string[];
            firstTreeHead: components["schemas"]["SignedTreeHeadView"] | null;
            secondTreeHead: components["schemas"]["SignedTreeHeadView"] | null;
        };
        VerifyProgressView: {
            /** @description Events checked so far */
            eventsChecked: number;
            /** @description Events (Merkle leaves) the job checks in all */
            of: number;
            /** @description Log position of the last event checked */
            position: number | null;
        };
        VerifyMismatchView: {
            /** @description What did not match (content hash, chain, revision, position, leaf, root, signature...) */
            problem: string;
            position?: number;
            stream?: string;
            revision?: number;
            eventId?: string;
            leafIndex?: number;
            expected: string;
            actual: string;
            /** @description One sentence for a person */
            detail: string;
        };
        VerifyReportView: {
            /** @description True when every event, chain, leaf and signed root matched */
            ok: boolean;
            eventsChecked: number;
            streamsChecked: number;
            /** @description Position of the last event read */
            lastPosition?: number;
            /** @description Root recomputed from the events read */
            rootHash: string;
            treeHeadsChecked: number;
            /** @description The first event that does not match */
            firstMismatch?: components["schemas"]["VerifyMismatchView"];
            /** @description Wall time of the check */
            seconds: number;
            eventsPerSecond: number;
        };
        VerifyJobView: {
            /** Format: uuid */
            id: string;
            /**
             * @description failed: the job could not run (e.g. the store was unreachable); a mismatch is a done job whose result is not ok
             * @enum {string}
             */
            state: "running" | "done" | "failed";
            /** @description The principal who asked, or `system` for the pass at start and after a worker restart */
            requestedBy: string;
            /** Format: date-time */
            startedAt: string;
            /** Format: date-time */
            finishedAt?: string;
            progress: components["schemas"]["VerifyProgressView"];
            /** @description Once done: the full report */
            result?: components["schemas"]["VerifyReportView"];
            /** @description Why the job could not run */
            error?: string;
        };
        FullVerificationView: {
            /** Format: uuid */
            id: string;
            ok: boolean;
            /** Format: date-time */
            finishedAt: string;
            eventsChecked: number;
            seconds: number;
            eventsPerSecond: number;
        };
        LatestVerificationView: {
            /** @description True when every event checked so far, its chain, leaf and every signed root matched */
            ok: boolean;
            /** @description Events (Merkle leaves) verified */
            eventsChecked: number;
            /** @description Log position of the last event verified */
            lastPosition: number | null;
            /** @description Leaves the stored Merkle log has now: eventsChecked is behind by the difference */
            treeSize: number;
            streamsChecked: number;
            treeHeadsChecked: number;
            /** @description Root recomputed from the events verified (hex) */
            rootHash: string;
            /**
             * Format: date-time
             * @description When the verifier last checked
             */
            checkedAt: string;
            /** @description Seconds since checkedAt */
            ageSeconds: number;
            /** @description The first event that does not match */
            firstMismatch?: components["schemas"]["VerifyMismatchView"];
            /** @description The last full verification job, once one finished */
            fullVerification: components["schemas"]["FullVerificationView"] | null;
            /** @description Id of the full verification running now */
            runningJob: string | null;
            /** @description The projector beside the log: figures can be stale while the log verifies */
            projection: {
                [key: string]: unknown;
            };
        };
        AttestationView: {
            /** @enum {number} */
            version: 1;
            /** @description The figure query as asked (name, version, groupBy, filters, asOf, knownAt...) */
            query: {
                [key: string]: unknown;
            };
            /** @description Hex SHA-256 of the canonical JSON of the answer */
            answerHash: string;
            /** @description Base64 of the canonical JSON of the answer (UTF-8) */
            answerCanonical: string;
            /** @description The head the answer was computed at */
            treeHead: components["schemas"]["SignedTreeHeadView"];
            /** Format: date-time */
            issuedAt: string;
            keyId: string;
            /** @description Base64 of the signed bytes */
            statement: string;
            /** @description Base64 Ed25519 signature over the decoded statement */
            statementSignature: string;
        };
        SealedAttestationView: {
            /** @enum {number} */
            version: 2;
            /** @description The figure query as asked, knownAt `sealed-tree-head` */
            query: {
                [key: string]: unknown;
            };
            /** @description Hex SHA-256 of the canonical JSON of the answer (the scoped view: no positions, no log times) */
            answerHash: string;
            /** @description Base64 of the canonical JSON of the answer (UTF-8) */
            answerCanonical: string;
            /** @description Hex SHA-256 of the canonical JSON {salt, treeHead} of the signed tree head the answer was computed at */
            treeHeadSha256: string;
            /** @description Hex, 16 random bytes: two attestations at one head differ */
            treeHeadSalt: string;
            /** Format: date-time */
            issuedAt: string;
            keyId: string;
            /** @description Base64 of the signed bytes (six lines: header, issued-at, query, answer-sha256, tree-head-salt, tree-head-sha256) */
            statement: string;
            /** @description Base64 Ed25519 signature over the decoded statement */
            statementSignature: string;
        };
        AttestationRequest: {
            /**
             * @description Figure name, e.g. trainings
             * @example trainings
             */
            figure: string;
            /**
             * @description Figure query parameters as in GET /v1/figures/{name} (groupBy, year, month, from, asOf, dimension filters); knownAt is set to the tree head.
             * @example {
             *       "groupBy": "year,country"
             *     }
             */
            query?: Record<string, never>;
        };
        RestatementCorrectionView: {
            eventId: string;
            type: string;
            /** @description The stream whose earlier events it corrects */
            stream: string;
            reason: string | null;
            /** @description The field values it replaces, when the event lists them */
            replaces: {
                [key: string]: unknown;
            } | null;
            changes: {
                [key: string]: unknown;
            } | null;
            actor: string | null;
        };
        MeasureChangeView: {
            group: {
                [key: string]: string | null;
            };
            measure: string;
            before: number | (string | null);
            after: number | (string | null);
        };
        AnswerSnapshotView: {
            knownAt: components["schemas"]["LogPointView"];
            rows: components["schemas"]["AnswerRowView"][];
        };
        RestatementView: {
            /** @description Log position of the correcting event */
            position: number;
            /** Format: date-time */
            recordedAt: string;
            correction: components["schemas"]["RestatementCorrectionView"];
            /** @description The measures that changed, per cell: before and after */
            changes: components["schemas"]["MeasureChangeView"][];
            before: components["schemas"]["AnswerSnapshotView"];
            after: components["schemas"]["AnswerSnapshotView"];
        };
        RestatementListView: {
            figure: string;
            version: number;
            query: components["schemas"]["FigureQueryView"];
            /** @description null for a caller limited to some countries (a position counts other jurisdictions' events) */
            knownAt: components["schemas"]["LogPointView"] | null;
            restatements: components["schemas"]["RestatementView"][];
            /** @description true when more candidate events existed than one list examines */
            truncated: boolean;
            /** @description what to pass as `after` for the next page (a log position; for a caller limited to some countries, how many restatements came before); null on the last page */
            next: number | null;
            /** @description restatements in the whole list, over every page */
            total: number;
        };
        LivenessReport: {
            /**
             * @example up
             * @enum {string}
             */
            status: "up";
        };
        ReadinessReport: {
            /**
             * @example ready
             * @enum {string}
             */
            status: "ready";
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    TrainingsController_record: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
                /** @description Caller's trace id, recorded in the events' metadata. */
                "X-Correlation-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecordTrainingDto"];
            };
        };
        responses: {
            /** @description Recorded. Event ids and log positions of what was appended. */
            201: {
                headers: {
                    /** @description The new aggregate’s stream, readable at GET /v1/streams/{stream}. */
                    Location?: string;
                    /** @description "true" when this answers a retry: nothing new was appended. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandAccepted"];
                };
            };
            /** @description Invalid input; every invalid field is listed. Nothing was appended. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by an invariant, or the stream changed concurrently. Nothing was appended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    TrainingsController_correct: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
                /** @description Caller's trace id, recorded in the events' metadata. */
                "X-Correlation-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CorrectTrainingDto"];
            };
        };
        responses: {
            /** @description Recorded. Event ids and log positions of what was appended. */
            201: {
                headers: {
                    /** @description "true" when this answers a retry: nothing new was appended. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandAccepted"];
                };
            };
            /** @description Invalid input; every invalid field is listed. Nothing was appended. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such aggregate. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by an invariant, or the stream changed concurrently. Nothing was appended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    TrainingsController_withdraw: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
                /** @description Caller's trace id, recorded in the events' metadata. */
                "X-Correlation-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WithdrawTrainingDto"];
            };
        };
        responses: {
            /** @description Recorded. Event ids and log positions of what was appended. */
            201: {
                headers: {
                    /** @description "true" when this answers a retry: nothing new was appended. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandAccepted"];
                };
            };
            /** @description Invalid input; every invalid field is listed. Nothing was appended. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such aggregate. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by an invariant, or the stream changed concurrently. Nothing was appended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    LeRequestsController_receive: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
                /** @description Caller's trace id, recorded in the events' metadata. */
                "X-Correlation-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReceiveRequestDto"];
            };
        };
        responses: {
            /** @description Recorded. Event ids and log positions of what was appended. */
            201: {
                headers: {
                    /** @description The new aggregate’s stream, readable at GET /v1/streams/{stream}. */
                    Location?: string;
                    /** @description "true" when this answers a retry: nothing new was appended. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandAccepted"];
                };
            };
            /** @description Invalid input; every invalid field is listed. Nothing was appended. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by an invariant, or the stream changed concurrently. Nothing was appended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    LeRequestsController_answer: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
                /** @description Caller's trace id, recorded in the events' metadata. */
                "X-Correlation-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AnswerRequestDto"];
            };
        };
        responses: {
            /** @description Recorded. Event ids and log positions of what was appended. */
            201: {
                headers: {
                    /** @description "true" when this answers a retry: nothing new was appended. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandAccepted"];
                };
            };
            /** @description Invalid input; every invalid field is listed. Nothing was appended. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such aggregate. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by an invariant, or the stream changed concurrently. Nothing was appended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    LeRequestsController_withdraw: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
                /** @description Caller's trace id, recorded in the events' metadata. */
                "X-Correlation-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WithdrawRequestDto"];
            };
        };
        responses: {
            /** @description Recorded. Event ids and log positions of what was appended. */
            201: {
                headers: {
                    /** @description "true" when this answers a retry: nothing new was appended. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandAccepted"];
                };
            };
            /** @description Invalid input; every invalid field is listed. Nothing was appended. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such aggregate. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by an invariant, or the stream changed concurrently. Nothing was appended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    LeRequestsController_correct: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
                /** @description Caller's trace id, recorded in the events' metadata. */
                "X-Correlation-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CorrectRequestDto"];
            };
        };
        responses: {
            /** @description Recorded. Event ids and log positions of what was appended. */
            201: {
                headers: {
                    /** @description "true" when this answers a retry: nothing new was appended. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandAccepted"];
                };
            };
            /** @description Invalid input; every invalid field is listed. Nothing was appended. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such aggregate. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by an invariant, or the stream changed concurrently. Nothing was appended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    LeRequestsController_reverse: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
                /** @description Caller's trace id, recorded in the events' metadata. */
                "X-Correlation-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReverseRequestDto"];
            };
        };
        responses: {
            /** @description Recorded. Event ids and log positions of what was appended. */
            201: {
                headers: {
                    /** @description "true" when this answers a retry: nothing new was appended. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandAccepted"];
                };
            };
            /** @description Invalid input; every invalid field is listed. Nothing was appended. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such aggregate. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by an invariant, or the stream changed concurrently. Nothing was appended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    LeRequestsController_supplement: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
                /** @description Caller's trace id, recorded in the events' metadata. */
                "X-Correlation-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SupplementAnswerDto"];
            };
        };
        responses: {
            /** @description Recorded. Event ids and log positions of what was appended. */
            201: {
                headers: {
                    /** @description "true" when this answers a retry: nothing new was appended. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandAccepted"];
                };
            };
            /** @description Invalid input; every invalid field is listed. Nothing was appended. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such aggregate. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by an invariant, or the stream changed concurrently. Nothing was appended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    FreezesController_freeze: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
                /** @description Caller's trace id, recorded in the events' metadata. */
                "X-Correlation-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FreezeFundsDto"];
            };
        };
        responses: {
            /** @description Recorded. Event ids and log positions of what was appended. */
            201: {
                headers: {
                    /** @description The new aggregate’s stream, readable at GET /v1/streams/{stream}. */
                    Location?: string;
                    /** @description "true" when this answers a retry: nothing new was appended. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandAccepted"];
                };
            };
            /** @description Invalid input; every invalid field is listed. Nothing was appended. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by an invariant, or the stream changed concurrently. Nothing was appended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    FreezesController_release: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
                /** @description Caller's trace id, recorded in the events' metadata. */
                "X-Correlation-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReleaseFundsDto"];
            };
        };
        responses: {
            /** @description Recorded. Event ids and log positions of what was appended. */
            201: {
                headers: {
                    /** @description "true" when this answers a retry: nothing new was appended. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandAccepted"];
                };
            };
            /** @description Invalid input; every invalid field is listed. Nothing was appended. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such aggregate. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by an invariant, or the stream changed concurrently. Nothing was appended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    FreezesController_seize: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
                /** @description Caller's trace id, recorded in the events' metadata. */
                "X-Correlation-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SeizeFundsDto"];
            };
        };
        responses: {
            /** @description Recorded. Event ids and log positions of what was appended. */
            201: {
                headers: {
                    /** @description "true" when this answers a retry: nothing new was appended. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandAccepted"];
                };
            };
            /** @description Invalid input; every invalid field is listed. Nothing was appended. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such aggregate. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by an invariant, or the stream changed concurrently. Nothing was appended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    FreezesController_return: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
                /** @description Caller's trace id, recorded in the events' metadata. */
                "X-Correlation-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReturnFundsDto"];
            };
        };
        responses: {
            /** @description Recorded. Event ids and log positions of what was appended. */
            201: {
                headers: {
                    /** @description "true" when this answers a retry: nothing new was appended. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandAccepted"];
                };
            };
            /** @description Invalid input; every invalid field is listed. Nothing was appended. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such aggregate. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by an invariant, or the stream changed concurrently. Nothing was appended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    FreezesController_correct: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
                /** @description Caller's trace id, recorded in the events' metadata. */
                "X-Correlation-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CorrectFreezeDto"];
            };
        };
        responses: {
            /** @description Recorded. Event ids and log positions of what was appended. */
            201: {
                headers: {
                    /** @description "true" when this answers a retry: nothing new was appended. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandAccepted"];
                };
            };
            /** @description Invalid input; every invalid field is listed. Nothing was appended. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such aggregate. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by an invariant, or the stream changed concurrently. Nothing was appended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    FreezesController_reverse: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
                /** @description Caller's trace id, recorded in the events' metadata. */
                "X-Correlation-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReverseFreezeDto"];
            };
        };
        responses: {
            /** @description Recorded. Event ids and log positions of what was appended. */
            201: {
                headers: {
                    /** @description "true" when this answers a retry: nothing new was appended. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandAccepted"];
                };
            };
            /** @description Invalid input; every invalid field is listed. Nothing was appended. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such aggregate. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by an invariant, or the stream changed concurrently. Nothing was appended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    IncidentsController_report: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
                /** @description Caller's trace id, recorded in the events' metadata. */
                "X-Correlation-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReportStolenFundsDto"];
            };
        };
        responses: {
            /** @description Recorded. Event ids and log positions of what was appended. */
            201: {
                headers: {
                    /** @description The new aggregate’s stream, readable at GET /v1/streams/{stream}. */
                    Location?: string;
                    /** @description "true" when this answers a retry: nothing new was appended. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandAccepted"];
                };
            };
            /** @description Invalid input; every invalid field is listed. Nothing was appended. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by an invariant, or the stream changed concurrently. Nothing was appended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    IncidentsController_recover: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
                /** @description Caller's trace id, recorded in the events' metadata. */
                "X-Correlation-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecordRecoveryDto"];
            };
        };
        responses: {
            /** @description Recorded. Event ids and log positions of what was appended. */
            201: {
                headers: {
                    /** @description "true" when this answers a retry: nothing new was appended. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandAccepted"];
                };
            };
            /** @description Invalid input; every invalid field is listed. Nothing was appended. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such aggregate. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by an invariant, or the stream changed concurrently. Nothing was appended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    IncidentsController_correct: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
                /** @description Caller's trace id, recorded in the events' metadata. */
                "X-Correlation-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CorrectIncidentDto"];
            };
        };
        responses: {
            /** @description Recorded. Event ids and log positions of what was appended. */
            201: {
                headers: {
                    /** @description "true" when this answers a retry: nothing new was appended. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandAccepted"];
                };
            };
            /** @description Invalid input; every invalid field is listed. Nothing was appended. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such aggregate. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by an invariant, or the stream changed concurrently. Nothing was appended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    IncidentsController_reverse: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
                /** @description Caller's trace id, recorded in the events' metadata. */
                "X-Correlation-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReverseIncidentDto"];
            };
        };
        responses: {
            /** @description Recorded. Event ids and log positions of what was appended. */
            201: {
                headers: {
                    /** @description "true" when this answers a retry: nothing new was appended. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandAccepted"];
                };
            };
            /** @description Invalid input; every invalid field is listed. Nothing was appended. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such aggregate. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by an invariant, or the stream changed concurrently. Nothing was appended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ImportController_import: {
        parameters: {
            query?: {
                /** @description Lines per all-or-nothing batch. */
                batchSize?: number;
                /** @description After a failed batch: stop appending (later lines are still checked) or continue. */
                onFailure?: "stop" | "continue";
            };
            header?: {
                /** @description Makes the whole import safe to retry (see above). */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-ndjson": string;
                "application/ndjson": string;
                "application/jsonl": string;
            };
        };
        responses: {
            /** @description Every line was appended (or was a retry of one already appended). */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReportDto"];
                };
            };
            /** @description Some lines failed and nothing was appended; `failed` names each line and why. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A line is longer than 1048576 bytes: reading stopped there; `report.linesInLog` says which earlier lines went in. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Some lines failed after earlier batches were appended; the counts say what went in. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This key's budget is spent (calls cost by their work); retry after Retry-After seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    EventLogController_readStream: {
        parameters: {
            query?: {
                /** @description First revision to read (inclusive). Forwards default 0; backwards default the last event. */
                from?: number;
                /** @description Reading direction; forwards by default. */
                direction?: "forwards" | "backwards";
                /** @description Events per page. */
                limit?: number;
            };
            header?: never;
            path: {
                stream: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StreamPage"];
                };
            };
            /** @description Invalid stream name or query. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The stream has no events. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    EventLogController_readLog: {
        parameters: {
            query?: {
                /** @description Events strictly after this log position; from the start when absent. */
                after?: number;
                /** @description Events per page. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogPage"];
                };
            };
            /** @description Invalid query. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This key's budget is spent (calls cost by their work); retry after Retry-After seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    HealthController_check: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicHealthReport"] | components["schemas"]["HealthReport"];
                };
            };
            /** @description The event store does not answer. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    KeysController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyView"][];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    KeysController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateKeyDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedKeyView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    KeysController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    KeysController_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RevokeKeyDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    KeysController_events: {
        parameters: {
            query?: {
                /** @description Events strictly after this position of the security log. */
                after?: number;
                /** @description Events per page. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecurityEventPage"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This key's budget is spent (calls cost by their work); retry after Retry-After seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    SubjectsController_record: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecordSubjectDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubjectRecordedView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    SubjectsController_read: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subject: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubjectDetailsView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    SubjectsController_erase: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subject: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EraseSubjectDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubjectErasedView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    FiguresController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description figures and projection state */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FigureListView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    FiguresController_answer: {
        parameters: {
            query?: {
                /** @description comma-separated: year, month and the dimensions of the figure (see GET /v1/figures) */
                groupBy?: unknown;
                /** @description business time lower bound (ISO date or instant, inclusive) */
                from?: unknown;
                /** @description business time: events that occurred up to this date (whole day) or instant */
                asOf?: unknown;
                /** @description log position, or a time: what the ledger knew then (each fact by its recording time; imported history by its original one) */
                knownAt?: unknown;
                /** @description YYYY */
                year?: unknown;
                /** @description YYYY-MM */
                month?: unknown;
                /** @description definition version (default: the latest, 2); version=1 reproduces answers published under version 1 */
                version?: unknown;
                /** @description le-requests v2: response times of the requests answered (default) or received in the period */
                cohort?: unknown;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description measures per group, with definition version, log position, events behind it and provenance links */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FigureAnswerView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This key's budget is spent (calls cost by their work); retry after Retry-After seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    FiguresController_provenance: {
        parameters: {
            query?: {
                /** @description events per page (1-1000, default 100) */
                limit?: unknown;
                /** @description log position: events strictly after it */
                after?: unknown;
                /** @description comma-separated: year, month and the dimensions of the figure (see GET /v1/figures) */
                groupBy?: unknown;
                /** @description business time lower bound (ISO date or instant, inclusive) */
                from?: unknown;
                /** @description business time: events that occurred up to this date (whole day) or instant */
                asOf?: unknown;
                /** @description log position, or a time: what the ledger knew then (each fact by its recording time; imported history by its original one) */
                knownAt?: unknown;
                /** @description YYYY */
                year?: unknown;
                /** @description YYYY-MM */
                month?: unknown;
                /** @description definition version (default: the latest, 2); version=1 reproduces answers published under version 1 */
                version?: unknown;
                /** @description le-requests v2: response times of the requests answered (default) or received in the period */
                cohort?: unknown;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description contributing events with their signed contributions, and the next page link */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProvenancePageView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This key's budget is spent (calls cost by their work); retry after Retry-After seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AuditController_publicKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicKeyView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AuditController_treeHeads: {
        parameters: {
            query?: {
                /** @description Heads of a tree size strictly greater than this; from the first when absent. */
                afterSize?: number;
                /** @description Heads per page. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TreeHeadPage"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AuditController_issue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedTreeHeadView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AuditController_latest: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedTreeHeadView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AuditController_inclusion: {
        parameters: {
            query?: {
                /** @description Log position of the event (give this or eventId). */
                position?: number;
                /** @description Event id (UUID) of the event (give this or position); found in the event id index. */
                eventId?: string;
                /** @description Tree size of the signed head to prove against; the latest head when absent. */
                treeSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Check it against the head with the same treeSize */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InclusionProofView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This key's budget is spent (calls cost by their work); retry after Retry-After seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AuditController_consistency: {
        parameters: {
            query?: {
                /** @description Tree size of the earlier signed head. */
                first?: number;
                /** @description Tree size of the later signed head; the latest head when absent. */
                second?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsistencyProofView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This key's budget is spent (calls cost by their work); retry after Retry-After seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    VerificationsController_start: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the job, with Location: /v1/audit/verifications/{id} */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifyJobView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This key's budget is spent (calls cost by their work); retry after Retry-After seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    VerificationsController_latest: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the latest result; 404 before the first full verification has finished */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LatestVerificationView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This key's budget is spent (calls cost by their work); retry after Retry-After seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    VerificationsController_job: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifyJobView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This key's budget is spent (calls cost by their work); retry after Retry-After seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    VerificationsController_verify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the latest result, with its age and position, and the last full verification */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LatestVerificationView"];
                };
            };
            /** @description no result yet: the running job, with its Location */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifyJobView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This key's budget is spent (calls cost by their work); retry after Retry-After seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AttestationsController_attest: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AttestationRequest"];
            };
        };
        responses: {
            /** @description the attestation; check it offline with the public key (docs/audit.md section 3). A caller limited to some jurisdictions gets version 2, the head sealed into its hash */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttestationView"] | components["schemas"]["SealedAttestationView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This key's budget is spent (calls cost by their work); retry after Retry-After seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    RestatementsController_restatements: {
        parameters: {
            query?: {
                /** @description include: also facts recorded after the month of their business time (each costs two answers) */
                late?: unknown;
                /** @description restatements per page (1-200, default 50); a page also ends at 4 MiB */
                limit?: unknown;
                /** @description restatements after it: the previous page's next (a log position; for a caller limited to some countries, how many restatements came before) */
                after?: unknown;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description restatements in log order, each with the correcting event, its reason, and the changed measures; next, total */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RestatementListView"];
                };
            };
            /** @description No credential, or an unknown, revoked or invalid one. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not allow this route or this object. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This key's budget is spent (calls cost by their work); retry after Retry-After seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ProbesController_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LivenessReport"];
                };
            };
        };
    };
    ProbesController_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReadinessReport"];
                };
            };
            /** @description Not ready: shutting down, the store does not answer, or the projector stopped. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
}
