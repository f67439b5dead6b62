import { type Mediator, Roles, requires, type ServiceApp } from "@ecommerce/service-kit";
import { CreateCategory } from "../application/commands/create-category.ts";
import { GetCategory } from "../application/queries/get-category.ts";
import { CategoryResponse, CreateCategoryRequest, CreateHeaders, Problem } from "./schemas.ts";

export async function categoryCommandRoutes(app: ServiceApp, { mediator }: { mediator: Mediator }) {
  app.post(
    "/categories",
    {
      config: { auth: requires(Roles.CATALOG_WRITE) },
      schema: {
        summary: "Create a category, at the root or under a parent (at most 5 levels)",
        tags: ["categories"],
        headers: CreateHeaders,
        body: CreateCategoryRequest,
        response: { 201: CategoryResponse, 400: Problem, 409: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      const id = await mediator.send(new CreateCategory(request.body.name, request.body.parentId));
      const category = await mediator.ask(new GetCategory(id));
      return reply.code(201).header("location", `/categories/${id}`).send(category);
    },
  );
}
