/** The public API of the catalog questions (the queries live in the catalog-insights module, shared with the dashboard). */
package dev.recsys.ingestion.insights;
