import { PageHeader } from "@web/components/layout/page-header";
import { Badge } from "@web/components/ui/badge";
import { Button } from "@web/components/ui/button";
import { ComingSoon } from "@web/components/ui/coming-soon";
import { EmptyState } from "@web/components/ui/empty-state";
import { Highlights } from "@web/components/ui/highlights";
import { useInstance } from "@web/lib/instance";
import { BookOpen, Briefcase, Plus, Quote, ScanSearch } from "lucide-react";

function SearchModeBadge() {
  const { data: instance } = useInstance();
  if (!instance) return null;
  return instance.vector_search ? (
    <Badge variant="accent" title="Full-text and semantic (vector) search are both available">
      Semantic search available
    </Badge>
  ) : (
    <Badge variant="outline" title="The database has no pgvector extension, so search is full-text only">
      Full-text search only
    </Badge>
  );
}

export function KnowledgePage() {
  return (
    <>
      <PageHeader
        title="Knowledge"
        description="Your firm's know-how: articles, engagements, files and news, searchable in one place."
        badge={<SearchModeBadge />}
        actions={
          <ComingSoon>
            <Button disabled title="Coming soon">
              <Plus aria-hidden="true" />
              New article
            </Button>
          </ComingSoon>
        }
      />
      <EmptyState
        icon={BookOpen}
        title="Your knowledge base is empty"
        description={
          <p>
            Capture what your team knows — methods, templates, client engagements and files — organised in
            categories and tags, with every version kept. Search finds articles by their words and by their
            meaning, and AI answers cite the sources they used.
          </p>
        }
        footer={
          <Highlights
            heading="What you will do here"
            items={[
              {
                icon: Briefcase,
                title: "Engagements",
                description: "Keep each client engagement's documents, notes and files together.",
              },
              {
                icon: ScanSearch,
                title: "Hybrid search",
                description: "Full-text and semantic search in one box, forgiving of typos.",
              },
              {
                icon: Quote,
                title: "Answers with citations",
                description: "Ask a question and get an answer that links back to the articles behind it.",
              },
            ]}
          />
        }
      />
    </>
  );
}
