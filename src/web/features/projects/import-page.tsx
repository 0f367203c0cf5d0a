import { ITEM_TYPES, type ItemType } from "@core/raid";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { Alert } from "@web/components/ui/alert";
import { Badge } from "@web/components/ui/badge";
import { Button, buttonVariants } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { Checkbox, Field, Select } from "@web/components/ui/input";
import { Pagination } from "@web/components/ui/pagination";
import { Skeleton } from "@web/components/ui/skeleton";
import { Spinner } from "@web/components/ui/spinner";
import { Tabs } from "@web/components/ui/tabs";
import { cn } from "@web/lib/cn";
import { formErrorOf } from "@web/lib/form";
import { Check, CircleAlert, CircleCheck, CircleMinus, FileSpreadsheet, Lock, Upload } from "lucide-react";
import { type DragEvent, type ReactNode, useRef, useState } from "react";
import { TYPE_LABELS } from "./project-ui";
import {
  type ColumnMapping,
  canInProject,
  confirmImport,
  type DateOrder,
  IMPORT_FIELDS,
  type ImportField,
  type ImportResult,
  type ImportRowStatus,
  invalidateProject,
  previewImport,
  type UploadedImport,
  uploadImport,
  useProject,
} from "./projects-api";

const route = getRouteApi("/app/projects/$projectId/import");

const FIELD_LABELS: Record<ImportField, string> = {
  type: "Type",
  title: "Title",
  description: "Description",
  status: "Status",
  priority: "Priority",
  assignee: "Assignee (name or email)",
  start_date: "Start date",
  finish_date: "Finish date",
  deadline: "Deadline",
  percent_complete: "% complete",
  tags: "Tags",
  probability: "Probability (1–5)",
  impact: "Impact (1–5)",
  severity: "Severity",
  decision_date: "Decision date",
  rationale: "Rationale",
};

const STEPS = ["Upload", "Map columns", "Preview", "Done"] as const;

interface Choices {
  mapping: ColumnMapping;
  date_order: DateOrder;
  default_type: ItemType;
}

/** Spreadsheet import: upload → map → preview with a per-row report → confirm. Nothing is written before confirm. */
export function ImportPage() {
  const { projectId } = route.useParams();
  const project = useProject(projectId).data;
  const [upload, setUpload] = useState<UploadedImport | null>(null);
  /** The file uploaded, kept so another of its sheets can be read. */
  const [file, setFile] = useState<File | null>(null);
  const [choices, setChoices] = useState<Choices | null>(null);
  const readSheet = useMutation({
    mutationFn: (sheet: string) => uploadImport(projectId, file!, sheet),
    onSuccess: (uploaded) => accept(uploaded),
  });
  const [step, setStep] = useState<0 | 1 | 2 | 3>(0);
  const [result, setResult] = useState<ImportResult | null>(null);

  if (project && !canInProject(project, "projects.items.import")) {
    return (
      <Card className="flex flex-col items-center px-6 py-14 text-center">
        <span className="flex size-12 items-center justify-center rounded-xl border border-border bg-subtle text-ink-muted">
          <Lock className="size-5" strokeWidth={1.75} aria-hidden="true" />
        </span>
        <h2 className="mt-5 font-semibold text-ink text-lg tracking-tight">
          Only project admins and managers import
        </h2>
        <p className="mt-2 max-w-md text-ink-muted text-sm leading-relaxed">
          You can still export the log from the Export menu above.
        </p>
      </Card>
    );
  }

  function accept(uploaded: UploadedImport) {
    setUpload(uploaded);
    setChoices({
      mapping: uploaded.suggested_mapping,
      date_order: uploaded.date_order_detected ?? uploaded.suggested_date_order,
      default_type: "action",
    });
    setStep(1);
  }

  function restart() {
    setUpload(null);
    setFile(null);
    readSheet.reset();
    setChoices(null);
    setResult(null);
    setStep(0);
  }

  return (
    <section aria-label="Import" className="space-y-5">
      <div>
        <h2 className="font-semibold text-ink text-lg tracking-tight">Import a RAID log</h2>
        <p className="mt-1 max-w-2xl text-ink-muted text-sm leading-relaxed">
          Bring in items from a CSV or Excel file. You check the column mapping and every row before anything
          is written; the import then happens in one go.
        </p>
      </div>
      <Stepper step={step} />
      {step === 0 ? (
        <UploadStep
          projectId={projectId}
          onUploaded={(uploaded, uploadedFile) => {
            setFile(uploadedFile);
            accept(uploaded);
          }}
        />
      ) : null}
      {step === 1 && upload && choices ? (
        <MappingStep
          upload={upload}
          choices={choices}
          onChange={setChoices}
          sheet={
            upload.format === "xlsx" && upload.sheet_names.length > 1 && file ? (
              <SheetPicker
                upload={upload}
                pending={readSheet.isPending}
                error={readSheet.error}
                onPick={(sheet) => readSheet.mutate(sheet)}
              />
            ) : null
          }
          onBack={restart}
          onNext={() => setStep(2)}
        />
      ) : null}
      {step === 2 && upload && choices ? (
        <PreviewStep
          projectId={projectId}
          upload={upload}
          choices={choices}
          onBack={() => setStep(1)}
          onImported={(imported) => {
            setResult(imported);
            setStep(3);
          }}
        />
      ) : null}
      {step === 3 && result ? <DoneStep projectId={projectId} result={result} onAnother={restart} /> : null}
    </section>
  );
}

function Stepper({ step }: { step: number }) {
  return (
    <ol className="flex flex-wrap items-center gap-2 text-sm">
      {STEPS.map((label, index) => (
        <li
          key={label}
          className="flex items-center gap-2"
          aria-current={index === step ? "step" : undefined}
        >
          <span
            className={cn(
              "flex size-6 items-center justify-center rounded-full border font-medium text-xs",
              index < step && "border-accent-700 bg-accent-700 text-white",
              index === step && "border-accent-700 text-accent-800",
              index > step && "border-border-strong text-ink-faint",
            )}
          >
            {index < step ? <Check className="size-3.5" aria-hidden="true" /> : index + 1}
          </span>
          <span className={index === step ? "font-medium text-ink" : "text-ink-muted"}>{label}</span>
          {index < STEPS.length - 1 ? (
            <span className="mx-1 h-px w-8 bg-border-strong" aria-hidden="true" />
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function UploadStep({
  projectId,
  onUploaded,
}: {
  projectId: string;
  onUploaded: (upload: UploadedImport, file: File) => void;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragOver, setDragOver] = useState(false);
  const send = useMutation({
    mutationFn: (file: File) => uploadImport(projectId, file),
    onSuccess: (upload, file) => onUploaded(upload, file),
  });

  function take(file: File | undefined) {
    if (file) send.mutate(file);
  }

  return (
    <Card>
      <section
        aria-label="Drop a spreadsheet"
        onDragOver={(event: DragEvent) => {
          event.preventDefault();
          setDragOver(true);
        }}
        onDragLeave={() => setDragOver(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragOver(false);
          take(event.dataTransfer.files[0]);
        }}
        className={cn(
          "m-5 flex flex-col items-center rounded-xl border-2 border-dashed px-6 py-14 text-center transition-colors",
          dragOver ? "border-accent-600 bg-accent-50/60" : "border-border-strong",
        )}
      >
        <span className="flex size-12 items-center justify-center rounded-xl border border-accent-200 bg-accent-50 text-accent-700">
          {send.isPending ? (
            <Spinner className="size-5" />
          ) : (
            <FileSpreadsheet className="size-6" strokeWidth={1.75} aria-hidden="true" />
          )}
        </span>
        <p className="mt-4 font-medium text-ink">
          {send.isPending ? "Reading the file…" : "Drop a .csv or .xlsx file here"}
        </p>
        <p className="mt-1 max-w-md text-ink-muted text-sm">
          One row per item with a header row. Cover sheets, title rows and merged headings are passed over.
          CSV may use commas, semicolons or tabs.
        </p>
        <input
          ref={inputRef}
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          className="sr-only"
          aria-label="Choose a spreadsheet"
          onChange={(event) => {
            take(event.target.files?.[0]);
            event.target.value = "";
          }}
        />
        <Button className="mt-5" disabled={send.isPending} onClick={() => inputRef.current?.click()}>
          <Upload aria-hidden="true" />
          Choose a file
        </Button>
        {send.error ? (
          <Alert variant="danger" className="mt-5 max-w-md text-left" live>
            {formErrorOf(send.error)}
          </Alert>
        ) : null}
      </section>
    </Card>
  );
}

/**
 * Which sheet of a workbook to read. The first sheet holding a log is read unless another is
 * picked; picking one reads the file again from that sheet (a new mapping is suggested).
 */
function SheetPicker({
  upload,
  pending,
  error,
  onPick,
}: {
  upload: UploadedImport;
  pending: boolean;
  error: Error | null;
  onPick: (sheet: string) => void;
}) {
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <label htmlFor="import-sheet" className="text-ink-muted">
        Sheet
      </label>
      <Select
        id="import-sheet"
        value={upload.sheet_name ?? ""}
        disabled={pending}
        onChange={(event) => onPick(event.target.value)}
        className="h-8 w-48"
      >
        {upload.sheet_names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </Select>
      {pending ? <Spinner label="Reading the sheet" /> : null}
      {error ? (
        <span role="alert" className="text-danger-700 text-xs">
          {formErrorOf(error)}
        </span>
      ) : null}
    </span>
  );
}

function MappingStep({
  upload,
  choices,
  onChange,
  sheet,
  onBack,
  onNext,
}: {
  upload: UploadedImport;
  choices: Choices;
  onChange: (choices: Choices) => void;
  /** The sheet picker, for workbooks of several sheets. */
  sheet: ReactNode;
  onBack: () => void;
  onNext: () => void;
}) {
  const used = new Map<ImportField, number>();
  for (const field of Object.values(choices.mapping)) if (field) used.set(field, (used.get(field) ?? 0) + 1);
  const duplicates = [...used].filter(([, count]) => count > 1).map(([field]) => FIELD_LABELS[field]);
  const hasTitle = used.has("title");
  const hasType = used.has("type");
  const hasDates = ["start_date", "finish_date", "deadline", "decision_date"].some((field) =>
    used.has(field as ImportField),
  );
  const setField = (index: number, field: ImportField | null) =>
    onChange({ ...choices, mapping: { ...choices.mapping, [String(index)]: field } });

  return (
    <Card className="overflow-hidden">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 border-border border-b px-5 py-3 text-sm">
        <span className="inline-flex items-center gap-2 font-medium text-ink">
          <FileSpreadsheet className="size-4 text-ink-muted" aria-hidden="true" />
          {upload.file_name}
        </span>
        <span className="text-ink-muted">
          {upload.row_count} rows{upload.sheet_name && !sheet ? ` · sheet “${upload.sheet_name}”` : ""} ·
          header on row {upload.header_row}
        </span>
        {sheet ? <span className="ml-auto">{sheet}</span> : null}
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="border-border border-b bg-subtle">
            <tr>
              <th
                scope="col"
                className="h-10 px-5 font-medium text-ink-muted text-xs uppercase tracking-wider"
              >
                Column in the file
              </th>
              <th
                scope="col"
                className="h-10 px-4 font-medium text-ink-muted text-xs uppercase tracking-wider"
              >
                Sample values
              </th>
              <th
                scope="col"
                className="h-10 px-5 font-medium text-ink-muted text-xs uppercase tracking-wider"
              >
                Imports into
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {upload.headers.map((header) => {
              const field = choices.mapping[String(header.index)] ?? null;
              const samples = upload.sample
                .map((row) => row.cells[header.index])
                .filter((cell) => cell !== null && cell !== "")
                .slice(0, 3);
              return (
                <tr key={header.index}>
                  <td className="px-5 py-2.5 font-medium text-ink">
                    {header.name || `Column ${header.index + 1}`}
                  </td>
                  <td className="max-w-80 px-4 py-2.5">
                    <span className="block truncate text-ink-muted text-xs">
                      {samples.length > 0 ? samples.map(String).join(" · ") : "empty"}
                    </span>
                  </td>
                  <td className="px-5 py-2.5">
                    <div className="flex items-center gap-2">
                      <Select
                        aria-label={`Field for column ${header.name}`}
                        value={field ?? ""}
                        onChange={(event) =>
                          setField(header.index, (event.target.value || null) as ImportField | null)
                        }
                        className={cn("h-8 w-60", !field && "text-ink-muted")}
                      >
                        <option value="">Don't import</option>
                        {IMPORT_FIELDS.map((candidate) => (
                          <option key={candidate} value={candidate}>
                            {FIELD_LABELS[candidate]}
                          </option>
                        ))}
                      </Select>
                      {field && header.suggested_field === field ? (
                        <Badge variant="accent" title="Suggested from the column name">
                          Suggested
                        </Badge>
                      ) : null}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="grid gap-4 border-border border-t bg-subtle px-5 py-4 sm:grid-cols-2">
        <Field
          label="Rows without a type are"
          hint={
            hasType
              ? "Used where the type column is empty."
              : "No column is mapped to Type, so every row gets this type."
          }
        >
          {(control) => (
            <Select
              {...control}
              value={choices.default_type}
              onChange={(event) => onChange({ ...choices, default_type: event.target.value as ItemType })}
              className="h-8 w-60"
            >
              {ITEM_TYPES.map((type) => (
                <option key={type} value={type}>
                  {TYPE_LABELS[type]}s
                </option>
              ))}
            </Select>
          )}
        </Field>
        {hasDates ? (
          <Field
            label="Dates like 03/04/2025 read as"
            hint={
              upload.date_order_detected ? (
                "Detected from the file."
              ) : (
                <span className="font-medium text-warning-700">
                  Every date in the file reads either way: check this before previewing.
                </span>
              )
            }
          >
            {(control) => (
              <Select
                {...control}
                value={choices.date_order}
                onChange={(event) => onChange({ ...choices, date_order: event.target.value as DateOrder })}
                className="h-8 w-60"
              >
                <option value="dmy">Day/month/year (3 April)</option>
                <option value="mdy">Month/day/year (March 4)</option>
              </Select>
            )}
          </Field>
        ) : null}
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3 border-border border-t px-5 py-3.5">
        <div className="text-sm">
          {!hasTitle ? (
            <span className="text-danger-700">Map a column to Title: every item needs one.</span>
          ) : duplicates.length > 0 ? (
            <span className="text-danger-700">
              More than one column imports into {duplicates.join(", ")}.
            </span>
          ) : (
            <span className="text-ink-muted">Next, every row is checked. Nothing is imported yet.</span>
          )}
        </div>
        <div className="flex gap-2">
          <Button variant="outline" onClick={onBack}>
            Choose another file
          </Button>
          <Button disabled={!hasTitle || duplicates.length > 0} onClick={onNext}>
            Preview rows
          </Button>
        </div>
      </div>
    </Card>
  );
}

type RowFilter = "all" | ImportRowStatus;

function PreviewStep({
  projectId,
  upload,
  choices,
  onBack,
  onImported,
}: {
  projectId: string;
  upload: UploadedImport;
  choices: Choices;
  onBack: () => void;
  onImported: (result: ImportResult) => void;
}) {
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<RowFilter>("all");
  const [page, setPage] = useState(1);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const preview = useQuery({
    queryKey: ["projects", "import-preview", upload.id, choices, filter, page],
    queryFn: () =>
      previewImport(projectId, upload.id, choices, { page, status: filter === "all" ? undefined : filter }),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const confirm = useMutation({
    mutationFn: () => confirmImport(projectId, upload.id, { ...choices, skip_invalid: skipInvalid }),
    onSuccess: async (result) => {
      await invalidateProject(queryClient, projectId);
      onImported(result);
    },
  });
  const counts = preview.data?.meta.counts;
  const errors = counts?.error ?? 0;
  const valid = counts?.valid ?? 0;
  const blocked = errors > 0 && !skipInvalid;

  return (
    <Card className="overflow-hidden">
      <div className="flex flex-wrap items-center justify-between gap-3 border-border border-b px-5 py-3">
        <Tabs<RowFilter>
          label="Rows"
          value={filter}
          onChange={(next) => {
            setFilter(next);
            setPage(1);
          }}
          items={[
            {
              value: "all",
              label: "All rows",
              count: counts ? counts.valid + counts.error + counts.blank : undefined,
            },
            { value: "valid", label: "Ready", count: counts?.valid },
            { value: "error", label: "Problems", count: counts?.error },
            { value: "blank", label: "Blank", count: counts?.blank },
          ]}
        />
        {preview.isFetching ? <Spinner className="text-ink-faint" label="Checking rows" /> : null}
      </div>
      {preview.isPending ? (
        <div className="space-y-2 p-5" aria-busy="true">
          {["a", "b", "c", "d"].map((key) => (
            <Skeleton key={key} className="h-9 w-full" />
          ))}
        </div>
      ) : preview.isError ? (
        <div className="p-5">
          <Alert variant="danger" title="The rows could not be checked">
            {formErrorOf(preview.error)}
          </Alert>
        </div>
      ) : preview.data.data.length === 0 ? (
        <p className="px-5 py-10 text-center text-ink-muted text-sm">No rows here.</p>
      ) : (
        <div className="max-h-[28rem] overflow-auto">
          <table className="w-full text-left text-sm">
            <thead className="sticky top-0 border-border border-b bg-subtle">
              <tr>
                {["Row", "Check", "Type", "Title", "Problems"].map((heading) => (
                  <th
                    key={heading}
                    scope="col"
                    className="h-10 px-4 font-medium text-ink-muted text-xs uppercase tracking-wider first:pl-5"
                  >
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {preview.data.data.map((row) => (
                <tr key={row.row} className={row.status === "error" ? "bg-danger-50/40" : undefined}>
                  <td className="px-4 py-2 pl-5 text-ink-muted tabular-nums">{row.row}</td>
                  <td className="px-4 py-2">
                    {row.status === "valid" ? (
                      <span className="inline-flex items-center gap-1 text-success-700 text-xs">
                        <CircleCheck className="size-4" aria-hidden="true" /> Ready
                      </span>
                    ) : row.status === "error" ? (
                      <span className="inline-flex items-center gap-1 text-danger-700 text-xs">
                        <CircleAlert className="size-4" aria-hidden="true" /> Problem
                      </span>
                    ) : (
                      <span className="inline-flex items-center gap-1 text-ink-faint text-xs">
                        <CircleMinus className="size-4" aria-hidden="true" /> Blank
                      </span>
                    )}
                  </td>
                  <td className="px-4 py-2 text-ink-soft">{row.item ? TYPE_LABELS[row.item.type] : "—"}</td>
                  <td className="max-w-96 px-4 py-2">
                    <span className="block truncate text-ink">{row.item?.title ?? "—"}</span>
                  </td>
                  <td className="px-4 py-2 pr-5">
                    {row.problems.length === 0 ? null : (
                      <ul className="space-y-0.5 text-danger-700 text-xs">
                        {row.problems.map((problem) => (
                          <li key={`${problem.field}-${problem.message}`}>
                            <span className="font-medium">{problem.column ?? problem.field}</span>:{" "}
                            {problem.message}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination meta={preview.data?.meta} onPageChange={setPage} noun={["row", "rows"]} />
      <div className="space-y-3 border-border border-t bg-subtle px-5 py-4">
        {errors > 0 ? (
          <Alert variant="warning" title={`${errors} ${errors === 1 ? "row has" : "rows have"} problems`}>
            Fix them in the file and upload it again, or import the {valid} ready{" "}
            {valid === 1 ? "row" : "rows"} and leave those out. A row is imported whole or not at all.
          </Alert>
        ) : null}
        {errors > 0 ? (
          <Checkbox
            checked={skipInvalid}
            onChange={(event) => setSkipInvalid(event.target.checked)}
            label={`Skip the ${errors} ${errors === 1 ? "row" : "rows"} with problems`}
            description="They are left out entirely; you can import them later."
          />
        ) : null}
        {confirm.error ? (
          <Alert variant="danger" live>
            {formErrorOf(confirm.error)}
          </Alert>
        ) : null}
        <div className="flex flex-wrap items-center justify-end gap-2">
          <Button variant="outline" onClick={onBack} disabled={confirm.isPending}>
            Back to mapping
          </Button>
          <Button
            disabled={!counts || valid === 0 || blocked || confirm.isPending}
            onClick={() => confirm.mutate()}
          >
            {confirm.isPending ? <Spinner /> : null}
            Import {valid} {valid === 1 ? "item" : "items"}
          </Button>
        </div>
      </div>
    </Card>
  );
}

function DoneStep({
  projectId,
  result,
  onAnother,
}: {
  projectId: string;
  result: ImportResult;
  onAnother: () => void;
}) {
  return (
    <Card className="flex flex-col items-center px-6 py-12 text-center">
      <span className="flex size-12 items-center justify-center rounded-full bg-success-50 text-success-700">
        <CircleCheck className="size-6" aria-hidden="true" />
      </span>
      <h3 className="mt-4 font-semibold text-ink text-lg tracking-tight">
        {result.imported} {result.imported === 1 ? "item" : "items"} imported
      </h3>
      <p className="mt-1 text-ink-muted text-sm">
        {result.skipped.length > 0 ? `${result.skipped.length} rows with problems were skipped. ` : ""}
        {result.blank_rows > 0 ? `${result.blank_rows} blank rows were passed over.` : ""}
      </p>
      <div className="mt-6 flex gap-2">
        <Button variant="outline" onClick={onAnother}>
          Import another file
        </Button>
        <Link to="/projects/$projectId" params={{ projectId }} className={buttonVariants()}>
          See the items
        </Link>
      </div>
    </Card>
  );
}
