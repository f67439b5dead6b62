import { anonymous, type Mediator, type ServiceApp } from "@ecommerce/service-kit";
import { GetCategory } from "../application/queries/get-category.ts";
import { ListCategories } from "../application/queries/list-categories.ts";
import { CategoryIdParams, CategoryPage, CategoryResponse, ListCategoriesQuery, Problem } from "./schemas.ts";

export async function categoryQueryRoutes(app: ServiceApp, { mediator }: { mediator: Mediator }) {
  app.get(
    "/categories/:id",
    {
      config: { auth: anonymous() },
      schema: {
        summary: "Get a category with its path from the root",
        tags: ["categories"],
        params: CategoryIdParams,
        response: { 200: CategoryResponse, 400: Problem, 404: Problem },
      },
    },
    async (request) => mediator.ask(new GetCategory(request.params.id)),
  );

  app.get(
    "/categories",
    {
      config: { auth: anonymous() },
      schema: {
        summary: "List the root categories, or the children of parentId, by name",
        tags: ["categories"],
        querystring: ListCategoriesQuery,
        response: { 200: CategoryPage, 400: Problem, 404: Problem },
      },
    },
    async (request) => {
      const { parentId, cursor, limit } = request.query;
      return mediator.ask(new ListCategories(parentId, cursor, limit));
    },
  );
}
